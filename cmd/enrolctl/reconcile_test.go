package main

import (
	"context"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// parkForReconciliation puts the second seeded enrolment where a lost create leaves it.
func parkForReconciliation(t *testing.T, dir, id string) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, storetest.InDir(dir))
	defer db.Close()
	if err := db.MarkInFlight(ctx, id, 0, "create", "POST /api/v1/videoid"); err != nil {
		t.Fatal(err)
	}
	if err := db.NeedsReconciliation(ctx, id, "needs reconciliation: create sent"); err != nil {
		t.Fatal(err)
	}
}

func auditOf(t *testing.T, dir, id string) []string {
	t.Helper()
	db := storetest.Open(t, storetest.InDir(dir))
	defer db.Close()
	var out []string
	db.Audit(context.Background(), 1, func(a store.AuditEntry) error {
		if a.Enrolment == id {
			out = append(out, a.Event+" "+a.Detail)
		}
		return nil
	})
	return out
}

func TestQueueReconcile(t *testing.T) {
	dir, ids := seedStore(t)
	id, short := ids[1], store.ShortID(ids[1])
	parkForReconciliation(t, dir, id)
	code, out, _ := runCtl(t, "--data-dir", dir, "queue", "ls")
	if code != 0 || !strings.Contains(out, "needs-reconciliation") || !strings.Contains(out, "create sent") {
		t.Fatalf("queue ls: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{}, {"--request-pk", "12", "--create-new"}} {
		if code, _, _ := runCtl(t, append([]string{"--data-dir", dir, "queue", "reconcile", short}, bad...)...); code != 2 {
			t.Errorf("reconcile %v: exit %d, want 2 (usage)", bad, code)
		}
	}
	if code, _, errs := runCtl(t, "--data-dir", dir, "queue", "reconcile", short, "--request-pk", "12a"); code != 1 || !strings.Contains(errs, "not a request pk") {
		t.Fatalf("a pk that is not a number: exit %d %s", code, errs)
	}
	code, out, errs := runCtl(t, "--data-dir", dir, "queue", "reconcile", short, "--request-pk", "45836")
	if code != 0 || !strings.Contains(out, "sending") {
		t.Fatalf("reconcile --request-pk: exit %d %q %q", code, out, errs)
	}
	db := storetest.Open(t, storetest.InDir(dir))
	e, _ := db.Entry(context.Background(), id)
	db.Close()
	if e.Results["request_pk"] != "45836" || e.Step != 1 || e.InFlight != nil {
		t.Fatalf("after reconcile: %+v", e)
	}
	if code, _, _ := runCtl(t, "--data-dir", dir, "queue", "reconcile", short, "--create-new"); code != 1 {
		t.Fatalf("a second reconcile: exit %d, want 1", code)
	}

	parkForReconciliationAgain(t, dir, id)
	if code, out, errs := runCtl(t, "--data-dir", dir, "queue", "reconcile", short, "--create-new"); code != 0 || !strings.Contains(out, "sending") {
		t.Fatalf("reconcile --create-new: exit %d %q %q", code, out, errs)
	}
	audit := strings.Join(auditOf(t, dir, id), "\n")
	for _, want := range []string{"needs_reconciliation step 0 create", "reconciled step 0 attached request_pk=45836 by enrolctl", "reconcile_create_new step 1 evidences sent again by enrolctl"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %q:\n%s", want, audit)
		}
	}
}

// parkForReconciliationAgain parks the entry at its next step (1, evidences).
func parkForReconciliationAgain(t *testing.T, dir, id string) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, storetest.InDir(dir))
	defer db.Close()
	if err := db.MarkInFlight(ctx, id, 1, "evidences", "POST evidences"); err != nil {
		t.Fatal(err)
	}
	if err := db.NeedsReconciliation(ctx, id, "needs reconciliation"); err != nil {
		t.Fatal(err)
	}
}

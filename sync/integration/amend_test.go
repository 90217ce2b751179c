package integration

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// TestAmendRejectedEnrolment: the backend rejects an enrolment (no e-mail); the operator
// corrects the field; the new version is sealed with a new id (so new idempotency keys),
// linked to the old one, delivered and confirmed; the old one is kept (superseded once
// the new one is confirmed) and both are in the audit log. A correction of the name the
// customer signed is refused until the customer signs again.
func TestAmendRejectedEnrolment(t *testing.T) {
	ctx := context.Background()
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{IgnoreIdempotency: true})
	db := storetest.Open(t)
	rec := sandboxtest.Enrolment(oneshot.Name, 1)
	rec.Applicant.Email = ""
	old, err := db.Seal(ctx, rec, sandboxtest.Evidence(t))
	if err != nil {
		t.Fatal(err)
	}
	drain(t, newAgent(t, db, url, agentOpts{}), time.Minute)
	if e, _ := db.Entry(ctx, old.ID); e.State != store.Rejected || !strings.Contains(e.Reason, "email") {
		t.Fatalf("old: %s %q, want rejected for the missing e-mail", e.State, e.Reason)
	}

	renamed := rec.Applicant
	renamed.Surname1 = "Garcia"
	if _, err := db.Amend(ctx, old.ID, store.Amendment{Applicant: &renamed, By: "rao-1"}); !errors.Is(err, store.ErrSignAgain) {
		t.Fatalf("a corrected name without a new signature: %v, want ErrSignAgain", err)
	}
	fixed := rec.Applicant
	fixed.Email = "ana1@example.com"
	next, err := db.Amend(ctx, old.ID, store.Amendment{Applicant: &fixed, By: "rao-1"})
	if err != nil {
		t.Fatal(err)
	}
	if next.ID == old.ID || next.Amends != old.ID {
		t.Fatalf("new version %s amends %q, want a new id linked to %s", next.ID, next.Amends, old.ID)
	}
	oldSig, _ := old.EvidenceOf(store.BiometricData)
	if newSig, ok := next.EvidenceOf(store.BiometricData); !ok || newSig.SHA256 != oldSig.SHA256 {
		t.Errorf("the signature was not carried over unchanged: %+v vs %+v", newSig, oldSig)
	}
	if err := db.Retry(ctx, old.ID); err == nil {
		t.Error("the amended old version can still be retried (it would be sent twice)")
	}
	drain(t, newAgent(t, db, url, agentOpts{}), time.Minute)
	ne, _ := db.Entry(ctx, next.ID)
	oe, _ := db.Entry(ctx, old.ID)
	if ne.State != store.Confirmed || ne.Amends != old.ID {
		t.Errorf("new version: %s, amends %q", ne.State, ne.Amends)
	}
	if oe.State != store.Superseded || oe.AmendedBy != next.ID {
		t.Errorf("old version: %s amended by %q, want superseded and linked", oe.State, oe.AmendedBy)
	}
	if _, err := db.Get(ctx, old.ID); err != nil {
		t.Errorf("the old version's record is gone: %v", err)
	}
	var audit []string
	db.Audit(ctx, 1, func(a store.AuditEntry) error {
		if a.Enrolment == old.ID || a.Enrolment == next.ID {
			audit = append(audit, store.ShortID(a.Enrolment)+" "+a.Event+" "+a.Detail)
		}
		return nil
	})
	log := strings.Join(audit, "\n")
	for _, want := range []string{
		store.ShortID(old.ID) + " amended amended by " + store.ShortID(next.ID) + ": email (by rao-1)",
		store.ShortID(next.ID) + " amended amends " + store.ShortID(old.ID),
		store.ShortID(next.ID) + " confirmed",
		store.ShortID(old.ID) + " superseded by " + store.ShortID(next.ID),
	} {
		if !strings.Contains(log, want) {
			t.Errorf("audit lacks %q:\n%s", want, log)
		}
	}
	sandboxtest.CheckExactlyOnce(t, sandboxtest.Received(t, srv), "oneshot", 1, "create", "evidences", "video", "approve")
}

package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// TestWrongBillingPasswordPausesThenResumes: with a billing password the backend refuses,
// sync exits 1 with the backend's own reason and every enrolment stays queued (none
// rejected); once the credential is fixed, the next sync confirms them all.
func TestWrongBillingPasswordPausesThenResumes(t *testing.T) {
	_, cfg := sandboxConfig(t, "139")
	data := storetest.Dir(t)
	if code, out, errs := runCtl(t, "--data-dir", data, "--config", cfg, "enrol", "--from-dir", "testdata/enrol/good", "--count", "3"); code != 0 {
		t.Fatalf("enrol: exit %d %q %q", code, out, errs)
	}
	t.Setenv("EK_BILL_PASS", "d3JvbmcgcGFzc3dvcmQ=") // base64 of "wrong password"
	code, out, errs := runCtl(t, "--data-dir", data, "--config", cfg, "sync")
	if code != 1 || !strings.Contains(errs, "You do not have permission to perform this action") || !strings.Contains(errs, "paused") {
		t.Fatalf("sync with a wrong billing password: exit %d\n%s\n%s", code, out, errs)
	}
	t.Logf("sync with a wrong billing password: exit %d: %s", code, strings.TrimSpace(errs))
	db := storetest.Open(t, storetest.InDir(data))
	entries, err := db.List(context.Background(), store.Filter{})
	db.Close()
	if err != nil || len(entries) != 3 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		if !e.State.Pending() {
			t.Errorf("%s is %s, want still queued", e.ShortID(), e.State)
		}
	}
	t.Setenv("EK_BILL_PASS", "ejVxTnFrZkI=") // the sandbox's demo billing password
	code, out, errs = runCtl(t, "--data-dir", data, "--config", cfg, "sync", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var last struct{ Summary syncReport }
	if code != 0 || json.Unmarshal([]byte(lines[len(lines)-1]), &last) != nil || last.Summary.Confirmed != 3 {
		t.Fatalf("sync after the fix: exit %d, %q\n%s", code, lines[len(lines)-1], errs)
	}
}

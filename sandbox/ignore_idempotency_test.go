package sandbox

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
)

// TestIgnoreIdempotency serves the APIs as the vendors document them: a resend with the
// same Idempotency-Key is a new request. A One-Shot create makes a second record (listed
// as a duplicate), a Signal sign a second one, and a Biometric resend a 409 counted as a
// second step; nothing is replayed.
func TestIgnoreIdempotency(t *testing.T) {
	e := newEnv(t, Options{IgnoreIdempotency: true})
	k := []string{"Idempotency-Key", "ek-7-create"}
	first := e.postJSON("/api/v1/videoid", demoCreate(), k...)
	wantStatus(t, first, http.StatusOK)
	again := e.postJSON("/api/v1/videoid", demoCreate(), k...)
	wantStatus(t, again, http.StatusOK)
	if again.Header.Get("Idempotent-Replayed") != "" || string(again.Body) == string(first.Body) {
		t.Fatalf("the resend was replayed: %s", again.Body)
	}

	sign := uuid.NewString()
	path := "/v1/orgs/acme/biometric_signs/" + sign
	hdr := []string{"X-API-Key", DemoAPIKey, "x-installation_id", "inst-1", "x-fingerprint", "fp-1", "Idempotency-Key", "ek-" + sign + "-biometric"}
	body := map[string]any{"biometric_data": b64(fixture(t, "evidence/signature.iso")), "signature_image": b64(fixture(t, "evidence/signature.png"))}
	wantStatus(t, e.postJSON(path, body, hdr...), http.StatusNoContent)
	wantStatus(t, e.postJSON(path, body, hdr...), http.StatusConflict)

	rec, err := e.s.Received(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if rec.IdempotentReplays != 0 || len(rec.Duplicates) != 2 {
		t.Fatalf("replays %d, duplicates %+v: want 0 replays, the second create and the second biometric sign", rec.IdempotentReplays, rec.Duplicates)
	}
}

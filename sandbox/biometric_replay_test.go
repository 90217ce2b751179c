package sandbox

import (
	"bytes"
	"image/png"
	"net/http"
	"testing"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// forgetAnswers empties the idempotency store, as when saving an answer failed: a resend
// with the same key then reaches the handler instead of being replayed by the middleware.
func forgetAnswers(t *testing.T, s *Server) {
	t.Helper()
	err := s.db.b.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte(bktIdem)); err != nil {
			return err
		}
		_, err := tx.CreateBucket([]byte(bktIdem))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// reencodePNG returns the same picture as other PNG bytes: a valid but different body.
func reencodePNG(t *testing.T, b []byte) []byte {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&out, img); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestBiometricReplayIsNotADuplicate resends a kept signature three ways past the
// idempotency layer: with the first call's key and body it is a replay (204, counted
// as a replay, not as a step or a duplicate); with that key and another body it is
// refused (422) and counted as nothing; without a key it is a duplicate (409).
func TestBiometricReplayIsNotADuplicate(t *testing.T) {
	e := newEnv(t, Options{})
	sign := uuid.NewString()
	path := "/v1/orgs/acme/biometric_signs/" + sign
	hdr := []string{"X-API-Key", DemoAPIKey, "x-installation_id", "inst-1", "x-fingerprint", "fp-1"}
	keyed := append(hdr, "Idempotency-Key", "ek-"+sign+"-biometric")
	pic := fixture(t, "evidence/signature.png")
	body := map[string]any{"biometric_data": b64(fixture(t, "evidence/signature.iso")), "signature_image": b64(pic)}
	wantStatus(t, e.postJSON(path, body, keyed...), http.StatusNoContent)

	forgetAnswers(t, e.s)
	r := e.postJSON(path, body, keyed...)
	if r.Code != http.StatusNoContent || r.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("resend with the same key and body: %d %s %v, want a 204 replay", r.Code, r.Body, r.Header)
	}
	checkBiometricCounts(t, e.s, sign, 1, 1, 0)

	forgetAnswers(t, e.s)
	other := map[string]any{"biometric_data": body["biometric_data"], "signature_image": b64(reencodePNG(t, pic))}
	wantStatus(t, e.postJSON(path, other, keyed...), http.StatusUnprocessableEntity)
	checkBiometricCounts(t, e.s, sign, 1, 1, 0)

	wantStatus(t, e.postJSON(path, body, hdr...), http.StatusConflict)
	checkBiometricCounts(t, e.s, sign, 2, 1, 1)
}

// checkBiometricCounts checks what /_sandbox/received says about one signature: its
// accepted steps, the replays it recognised, the duplicates listed, and that the
// replay is also in the totals.
func checkBiometricCounts(t *testing.T, s *Server, sign string, steps, replays, dups int) {
	t.Helper()
	rec, err := s.Received(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Enrolments) != 1 {
		t.Fatalf("%d records, want the one signature: %+v", len(rec.Enrolments), rec.Enrolments)
	}
	en := rec.Enrolments[0]
	if en.ID != "acme/"+sign || en.Steps["biometric_sign"] != steps || en.Replays["biometric_sign"] != replays {
		t.Errorf("record %s: steps %v replays %v, want %d and %d", en.ID, en.Steps, en.Replays, steps, replays)
	}
	if len(rec.Duplicates) != dups {
		t.Errorf("duplicates %+v, want %d", rec.Duplicates, dups)
	}
	if rec.IdempotentReplays != replays || rec.Calls["POST "+biometricPathStart].Replays != replays {
		t.Errorf("replay totals %d and %+v, want %d", rec.IdempotentReplays, rec.Calls["POST "+biometricPathStart], replays)
	}
}

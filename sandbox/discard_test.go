package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"testing"
)

func TestDiscardCountsTheBodyAndIsNeverFaulted(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{ErrorRate: 1, ErrorCodes: []int{503}}})
	body := bytes.Repeat([]byte("x"), 3<<20+7)
	r := e.do(http.MethodPost, "/_sandbox/discard", bytes.NewReader(body))
	if r.Code != http.StatusOK {
		t.Fatalf("POST /_sandbox/discard with every API request faulted: %d %s", r.Code, r.Body)
	}
	if got := r.json(t)["bytes"]; got != float64(len(body)) {
		t.Errorf("bytes = %v, want %d", got, len(body))
	}
	rec, err := e.s.Received(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Enrolments) != 0 || rec.Calls["POST /_sandbox/discard"].Total != 1 {
		t.Errorf("received after one discard: %d enrolments, calls %+v", len(rec.Enrolments), rec.Calls)
	}
}

package sandbox

import (
	"net/http"
	"testing"
	"time"
)

func TestOneShotStatusProgression(t *testing.T) {
	e := newEnv(t, Options{ProcessingDelay: 2 * time.Second, ApprovalDelay: 5 * time.Second})
	pk := e.createRequest()
	if got := e.status(pk); got != StatusVideoPending {
		t.Fatalf("new request is %s, want %s", got, StatusVideoPending)
	}
	partial := demoEvidences(t)
	delete(partial["videoid_data"].(map[string]any)["images"].(map[string]any), "document_rear")
	wantStatus(t, e.postJSON("/api/v1/videoid/"+pk+"/evidences", partial), http.StatusOK)
	if got := e.status(pk); got != StatusVideoIncomplete {
		t.Fatalf("after partial evidences: %s, want %s", got, StatusVideoIncomplete)
	}
	wantStatus(t, e.postJSON("/api/v1/videoid/"+pk+"/evidences", demoEvidences(t)), http.StatusOK)
	wantStatus(t, e.postMultipart("/api/v1/videoid/"+pk+"/evidences/video", map[string][]byte{"video": fixture(t, "evidence/selfie.webm")}), http.StatusOK)
	if got := e.status(pk); got != StatusVideoPending {
		t.Fatalf("complete but still processing: %s, want %s", got, StatusVideoPending)
	}
	tok := e.raoToken()
	r := e.postJSON("/api/v1/requests/"+pk+"/approve", approveBody(tok))
	wantStatus(t, r, http.StatusBadRequest)
	e.clk.add(2 * time.Second)
	if got := e.status(pk); got != StatusVideoReview {
		t.Fatalf("after processing delay: %s, want %s", got, StatusVideoReview)
	}
	wantStatus(t, e.postJSON("/api/v1/requests/"+pk+"/approve", approveBody(tok)), http.StatusOK)
	if got := e.status(pk); got != StatusVideoReview {
		t.Fatalf("just approved: %s, want %s", got, StatusVideoReview)
	}
	e.clk.add(5 * time.Second)
	if got := e.status(pk); got != StatusEnrollReady {
		t.Fatalf("after approval delay: %s, want %s", got, StatusEnrollReady)
	}
	r = e.postJSON("/api/v1/videoid/"+pk+"/evidences", demoEvidences(t))
	wantStatus(t, r, http.StatusBadRequest)

	got := e.do(http.MethodGet, "/_sandbox/received", nil).json(t)
	enr := got["enrolments"].([]any)[0].(map[string]any)
	if canon(t, []byte(mustJSON(t, enr["steps"]))) != `{"approve":1,"create":1,"evidences":2,"video":1}` || enr["status"] != StatusEnrollReady {
		t.Fatalf("received enrolment %v", enr)
	}
	dups := mustJSON(t, got["duplicates"]) // map keys come out sorted
	if dups != `[{"api":"oneshot","count":2,"id":"`+pk+`","reason":"step accepted 2 times","step":"evidences"}]` {
		t.Fatalf("duplicates %s", dups)
	}
	calls := got["calls"].(map[string]any)["POST /api/v1/requests/{request_pk}/approve"].(map[string]any)
	if calls["total"] != float64(2) || calls["2xx"] != float64(1) || calls["4xx"] != float64(1) {
		t.Fatalf("approve calls %v", calls)
	}
}

func TestOneShotVideoErrorWhenACheckFails(t *testing.T) {
	e := newEnv(t, Options{})
	pk := e.createRequest()
	ev := demoEvidences(t)
	ev["videoid_data"].(map[string]any)["security_checks"] = map[string]any{"liveliness": false}
	wantStatus(t, e.postJSON("/api/v1/videoid/"+pk+"/evidences", ev), http.StatusOK)
	wantStatus(t, e.postMultipart("/api/v1/videoid/"+pk+"/evidences/video", map[string][]byte{"video": fixture(t, "evidence/selfie.mp4")}), http.StatusOK)
	if got := e.status(pk); got != StatusVideoError {
		t.Fatalf("status %s, want %s", got, StatusVideoError)
	}
	r := e.postJSON("/api/v1/requests/"+pk+"/approve", approveBody(e.raoToken()))
	wantStatus(t, r, http.StatusBadRequest)
}

func TestOneShotSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, Options{DataDir: dir})
	pk := e.createRequest()
	key := []string{"Idempotency-Key", "enrolment-1/create"}
	first := e.postJSON("/api/v1/videoid", demoCreate(), key...)
	wantStatus(t, first, http.StatusOK)
	e.hs.Close()
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, Options{DataDir: dir})
	if got := e2.status(pk); got != StatusVideoPending {
		t.Fatalf("after restart: %s, want %s", got, StatusVideoPending)
	}
	again := e2.postJSON("/api/v1/videoid", demoCreate(), key...)
	if string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("idempotent replay after restart: %s, want %s", again.Body, first.Body)
	}
	rec, err := e2.s.Received(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Enrolments) != 2 {
		t.Fatalf("%d enrolments after restart, want 2", len(rec.Enrolments))
	}
}

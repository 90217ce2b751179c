package sandbox

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t, Options{})
	k := []string{"Idempotency-Key", "enrol-7/create"}
	first := e.postJSON("/api/v1/videoid", demoCreate(), k...)
	wantStatus(t, first, http.StatusOK)
	var wg sync.WaitGroup
	answers := make([]resp, 8)
	for i := range answers {
		wg.Go(func() { answers[i] = e.postJSON("/api/v1/videoid", demoCreate(), k...) })
	}
	wg.Wait()
	for _, a := range answers {
		if string(a.Body) != string(first.Body) || a.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("repeat answered %d %s, first %s", a.Code, a.Body, first.Body)
		}
	}
	other := demoCreate()
	other["email"] = "someone@else"
	r := e.postJSON("/api/v1/videoid", other, k...)
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "different request body") {
		t.Fatalf("same key, other body: %d %s", r.Code, r.Body)
	}
	rec, err := e.s.Received(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Enrolments) != 1 || rec.IdempotentReplays != 8 || len(rec.Duplicates) != 0 {
		t.Fatalf("received %+v", rec)
	}
	wantStatus(t, e.postJSON("/api/v1/videoid", demoCreate()), http.StatusOK) // no key: a second record
	rec, _ = e.s.Received(t.Context())
	if len(rec.Duplicates) != 1 || rec.Duplicates[0].Reason != "same create body as 45836" {
		t.Fatalf("duplicates %+v", rec.Duplicates)
	}
}

// A 401 is not final: after refreshing its token the client retries with the same key
// and the request runs; the answer after that is replayed even to the newer token.
func TestIdempotencyAcrossTokenRefresh(t *testing.T) {
	e := newEnv(t, Options{TokenTTL: time.Minute})
	tok := e.postJSON("/signal/auth/login", map[string]any{"username": "usertest", "password": "passwordtest"}).json(t)["token"].(string)
	body := signBody(t)
	k := "enrol-9/signal"
	e.clk.add(2 * time.Minute)
	wantStatus(t, e.postJSON("/signal/sign", body, "Authorization", "Bearer "+tok, "Idempotency-Key", k), http.StatusUnauthorized)
	tok2 := e.postJSON("/signal/auth/login", map[string]any{"username": "usertest", "password": "passwordtest"}).json(t)["token"].(string)
	first := e.postJSON("/signal/sign", body, "Authorization", "Bearer "+tok2, "Idempotency-Key", k)
	wantStatus(t, first, http.StatusOK)
	tok3 := e.postJSON("/signal/auth/login", map[string]any{"username": "usertest", "password": "passwordtest"}).json(t)["token"].(string)
	again := e.postJSON("/signal/sign", body, "Authorization", "Bearer "+tok3, "Idempotency-Key", k)
	if string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry with a refreshed token: %s, first %s", again.Body, first.Body)
	}
}

// An approve sent before VIDEOREVIEW is refused, and the refusal is not replayed: the same
// key works once the request has moved on.
func TestIdempotencyDoesNotReplayStateRefusals(t *testing.T) {
	e := newEnv(t, Options{ProcessingDelay: time.Second})
	pk := e.createRequest()
	wantStatus(t, e.postJSON("/api/v1/videoid/"+pk+"/evidences", demoEvidences(t)), http.StatusOK)
	wantStatus(t, e.postMultipart("/api/v1/videoid/"+pk+"/evidences/video", map[string][]byte{"video": fixture(t, "evidence/selfie.webm")}), http.StatusOK)
	body, k := approveBody(e.raoToken()), []string{"Idempotency-Key", "enrol-1/approve"}
	wantStatus(t, e.postJSON("/api/v1/requests/"+pk+"/approve", body, k...), http.StatusBadRequest)
	e.clk.add(time.Second)
	r := e.postJSON("/api/v1/requests/"+pk+"/approve", body, k...)
	if r.Code != http.StatusOK || r.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("approve once in VIDEOREVIEW: %d %s", r.Code, r.Body)
	}
	wantStatus(t, e.postJSON("/api/v1/requests/"+pk+"/approve", body, k...), http.StatusOK)
}

func TestRecordDir(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, Options{RecordDir: dir})
	e.postJSON("/v1/auth/login", map[string]any{"email": "user@example.com", "password": "SecurePassword123!"}, "X-API-Key", DemoAPIKey)
	e.postMultipart("/api/v1/videoid/45836/evidences/video", map[string][]byte{"video": fixture(t, "evidence/selfie.webm")})
	files, err := filepath.Glob(filepath.Join(dir, "*.http"))
	if err != nil || len(files) != 2 {
		t.Fatalf("record files %v, %v", files, err)
	}
	login, _ := os.ReadFile(files[0])
	s := string(login)
	if !strings.HasPrefix(s, "POST /v1/auth/login HTTP/1.1\r\n") || !strings.Contains(s, "X-Api-Key: [redacted]\r\n") ||
		strings.Contains(s, DemoAPIKey) || strings.Contains(s, "SecurePassword123!") || !strings.Contains(s, `"email":"user@example.com"`) {
		t.Fatalf("login record:\n%s", s)
	}
	e2 := newEnv(t, Options{RecordDir: dir}) // a restart appends after the last file
	e2.do(http.MethodGet, "/api/v1/hello", nil)
	if _, err := os.Stat(filepath.Join(dir, "000003-GET_api_v1_hello.http")); err != nil {
		t.Fatalf("record after restart: %v", err)
	}
	video, _ := os.ReadFile(files[1])
	if !strings.Contains(filepath.Base(files[1]), "POST_api_v1_videoid_45836_evidences_video") ||
		!strings.Contains(string(video), string(fixture(t, "evidence/selfie.webm"))) {
		t.Fatalf("video record %s misses the raw body", files[1])
	}
}

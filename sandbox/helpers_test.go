package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// env is a sandbox on a loopback port for one test.
type env struct {
	t   *testing.T
	s   *Server
	hs  *httptest.Server
	clk *testClock
}

// testClock is a settable test clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	return newEnvWrapped(t, opts, nil)
}

// newEnvWrapped is newEnv with wrap (when not nil) around the sandbox's handler.
func newEnvWrapped(t *testing.T, opts Options, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	clk := &testClock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = clk.now
	}
	s, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() {
		hs.Close()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return &env{t: t, s: s, hs: hs, clk: clk}
}

// fixture reads testdata/<name>.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// resp is a decoded answer.
type resp struct {
	Code   int
	Header http.Header
	Body   []byte
}

func (r resp) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v: %s", r.Code, err, r.Body)
	}
	return m
}

// do sends a request with headers given as key, value pairs.
func (e *env) do(method, path string, body io.Reader, hdr ...string) resp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.hs.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := e.hs.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{Code: res.StatusCode, Header: res.Header, Body: b}
}

// postJSON sends v (or a raw string) as a JSON body.
func (e *env) postJSON(path string, v any, hdr ...string) resp {
	e.t.Helper()
	var body []byte
	switch x := v.(type) {
	case string:
		body = []byte(x)
	case []byte:
		body = x
	default:
		var err error
		if body, err = json.Marshal(v); err != nil {
			e.t.Fatal(err)
		}
	}
	return e.do(http.MethodPost, path, bytes.NewReader(body), append([]string{"Content-Type", "application/json"}, hdr...)...)
}

// multipartBody builds a multipart/form-data body from name -> content.
func multipartBody(t testing.TB, parts map[string][]byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, b := range parts {
		w, err := mw.CreateFormFile(name, name+".bin")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (e *env) postMultipart(path string, parts map[string][]byte, hdr ...string) resp {
	e.t.Helper()
	body, ct := multipartBody(e.t, parts)
	return e.do(http.MethodPost, path, body, append([]string{"Content-Type", ct}, hdr...)...)
}

// wantStatus fails unless r has code.
func wantStatus(t testing.TB, r resp, code int) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("status %d, want %d: %s", r.Code, code, r.Body)
	}
}

// demoCreate is a valid POST /api/v1/videoid body.
func demoCreate() map[string]any {
	return map[string]any{"mobile_phone_number": "+34699999999", "email": "mail@domain", "registration_authority": DemoRegistrationAuthority,
		"profile": "PFnubeQAFCiudadano", "billing_username": DemoBillingUsername, "billing_password": DemoBillingPassword, "env": "sandbox"}
}

// demoEvidences is a valid, complete evidences body.
func demoEvidences(t testing.TB) map[string]any {
	return map[string]any{
		"acceptance": map[string]any{"description": "User accepted the terms", "ip": "127.0.0.1", "user-agent": "enrolkiosk/test", "date": "2026-11-22T10:00:00Z"},
		"videoid_data": map[string]any{
			"images": map[string]any{"document_front": b64(fixture(t, "evidence/document_front.jpg")),
				"document_rear": b64(fixture(t, "evidence/document_rear.jpg")), "document_owner": b64(fixture(t, "evidence/document_owner.jpg"))},
			"ocr_data":         map[string]any{"given_name": "Name", "surname_1": "Surname", "serial_number": "A9999999E", "id_document_type": "IDC", "id_document_country": "ES"},
			"security_checks":  map[string]any{"document_notexpired": true, "liveliness": true},
			"similarity_level": 90,
		},
	}
}

// createRequest makes a One-Shot request and returns its pk as a path segment.
func (e *env) createRequest() string {
	e.t.Helper()
	r := e.postJSON("/api/v1/videoid", demoCreate())
	wantStatus(e.t, r, http.StatusOK)
	pk := r.json(e.t)["details"].(map[string]any)["request_pk"].(float64)
	return jsonNumber(pk)
}

func jsonNumber(f float64) string { b, _ := json.Marshal(f); return string(b) }

// status returns the One-Shot status of request pk.
func (e *env) status(pk string) string {
	e.t.Helper()
	r := e.do(http.MethodGet, "/api/v1/request/"+pk, nil)
	wantStatus(e.t, r, http.StatusOK)
	return r.json(e.t)["details"].(map[string]any)["status"].(string)
}

// raoToken creates the demo RAO token.
func (e *env) raoToken() string {
	e.t.Helper()
	r := e.postJSON("/api/v1/token", map[string]any{"username": "9001800", "password": "Gy6F89xK", "pin": "p1n", "env": "sandbox"})
	wantStatus(e.t, r, http.StatusOK)
	return r.json(e.t)["details"].(string)
}

func approveBody(token string) map[string]any {
	return map[string]any{"token": token, "username": "9001800", "password": "Gy6F89xK", "pin": "p1n"}
}

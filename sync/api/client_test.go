package api

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

type fakeDevice struct{ loc string }

func (fakeDevice) InstallationID() string            { return "inst-1" }
func (fakeDevice) Fingerprint() string               { return "fp-1" }
func (d fakeDevice) Location(context.Context) string { return d.loc }

// fakeAuth counts Apply and Invalidate calls and sends a token that changes on refresh.
type fakeAuth struct {
	mu          sync.Mutex
	gen, invals int
}

func (a *fakeAuth) Apply(_ context.Context, h http.Header) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	h.Set("Authorization", "Bearer t"+strconv.Itoa(a.gen))
	return nil
}

func (a *fakeAuth) Invalidate() { a.mu.Lock(); a.gen++; a.invals++; a.mu.Unlock() }

// sleeps is a fake clock: it records the waits the client asked for and moves its
// time forward by them instead of sleeping.
type sleeps struct {
	mu  sync.Mutex
	d   []time.Duration
	now time.Time
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.now = s.now.Add(d)
	s.mu.Unlock()
	return nil
}

func (s *sleeps) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func newClient(t *testing.T, url string, mod func(*Options)) (*Client, *sleeps) {
	t.Helper()
	sl := &sleeps{now: time.Now()}
	o := Options{BaseURL: url, UserAgent: "EnrolKiosk/test (linux)", Device: fakeDevice{loc: "40.000000,-3.000000"},
		Retry: retry.Policy{Base: 10 * time.Millisecond, Cap: 100 * time.Millisecond, MaxAttempts: 5}, Sleep: sl.sleep, Now: sl.clock}
	if mod != nil {
		mod(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, sl
}

func jsonBody(t *testing.T, v any) *body.Body {
	b, err := body.NewJSONBuilder().Build(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHeadersAndStreamedLength(t *testing.T) {
	var got http.Header
	var gotLen int64
	var gotTE []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, gotLen, gotTE = r.Header.Clone(), r.ContentLength, r.TransferEncoding
		io.Copy(io.Discard, r.Body)
		w.Write([]byte(`{"status":"200 OK"}`))
	}))
	defer srv.Close()
	c, _ := newClient(t, srv.URL, nil)
	src := body.Source{Name: "v", Size: 100_000, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(strings.Repeat("x", 100_000))), nil
	}}
	b, _ := body.Multipart([]body.Field{{Name: "video", FileName: "v.webm", Src: &src}}, "")
	var last int64
	resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/x", Body: b, IdempotencyKey: Key("e1", "video"),
		Progress: func(sent, total int64) { last = sent }})
	if err != nil || resp.Status != 200 {
		t.Fatalf("Do = %v, %v", resp, err)
	}
	for k, want := range map[string]string{"X-Installation_id": "inst-1", "X-Fingerprint": "fp-1", "X-Location": "40.000000,-3.000000",
		"Idempotency-Key": "ek-e1-video", "User-Agent": "EnrolKiosk/test (linux)"} {
		if got.Get(k) != want {
			t.Errorf("header %s = %q, want %q", k, got.Get(k), want)
		}
	}
	if gotLen != b.Len() || len(gotTE) != 0 {
		t.Errorf("Content-Length %d (transfer-encoding %v), want %d", gotLen, gotTE, b.Len())
	}
	if last != b.Len() {
		t.Errorf("progress ended at %d of %d", last, b.Len())
	}
}

func TestRetriesTransientThenSucceeds(t *testing.T) {
	var n int
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		n++
		if n < 3 {
			w.WriteHeader(503)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, sl := newClient(t, srv.URL, nil)
	if _, err := c.Do(context.Background(), Request{Method: "POST", Path: "/x", Body: jsonBody(t, map[string]int{"a": 1})}); err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(sl.d) != 2 || bodies[0] != bodies[2] || bodies[0] != `{"a":1}` {
		t.Errorf("calls %d sleeps %v bodies %q", n, sl.d, bodies)
	}
}

func TestRetryAfterIsObeyed(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c, sl := newClient(t, srv.URL, nil)
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	if len(sl.d) != 1 || sl.d[0] < 3*time.Second {
		t.Errorf("slept %d times (first %v), want once for at least 3s", len(sl.d), first(sl.d))
	}
}

func TestPermanentErrorCarriesBackendMessage(t *testing.T) {
	for _, code := range []int{400, 413, 415, 422} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(code)
			w.Write([]byte(`{"status":"400 Bad Request","details":"Missing required parameters: email"}`))
		}))
		c, sl := newClient(t, srv.URL, nil)
		_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/api/v1/videoid"})
		srv.Close()
		var se *StatusError
		if !errors.Is(err, ErrRejected) || !errors.As(err, &se) || se.Status != code || se.Message != "Missing required parameters: email" {
			t.Errorf("%d: err = %v", code, err)
		}
		if len(sl.d) != 0 {
			t.Errorf("%d: a permanent error was retried", code)
		}
	}
}

func TestUnauthorizedRefreshesOnceThenStops(t *testing.T) {
	var auths []string
	ok := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") == "Bearer t0" || !ok {
			w.WriteHeader(401)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	a := &fakeAuth{}
	c, _ := newClient(t, srv.URL, func(o *Options) { o.Auth = a })
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}); err != nil {
		t.Fatalf("refresh did not recover: %v", err)
	}
	if strings.Join(auths, ",") != "Bearer t0,Bearer t1" {
		t.Errorf("auth headers %v", auths)
	}
	ok, auths = false, nil
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"})
	if !errors.Is(err, ErrAuth) || len(auths) != 2 {
		t.Errorf("err %v after %d calls, want ErrAuth after 2", err, len(auths))
	}
}

func TestResetMidBodyIsTransientAndReopens(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			io.CopyN(io.Discard, r.Body, 1000)
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
			return
		}
		got, _ := io.ReadAll(r.Body)
		if len(got) != 50_000 {
			w.WriteHeader(400)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	opens := 0
	src := body.Source{Name: "v", Size: 50_000, Open: func(context.Context) (io.ReadCloser, error) {
		opens++
		return io.NopCloser(strings.NewReader(strings.Repeat("y", 50_000))), nil
	}}
	c, _ := newClient(t, srv.URL, nil)
	if _, err := c.Do(context.Background(), Request{Method: "POST", Path: "/x", Body: body.Raw("application/octet-stream", src)}); err != nil {
		t.Fatal(err)
	}
	if n != 2 || opens != 2 {
		t.Errorf("calls %d opens %d, want 2 and 2", n, opens)
	}
}

func TestBreakerStopsSpinning(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n++; w.WriteHeader(502) }))
	defer srv.Close()
	c, sl := newClient(t, srv.URL, func(o *Options) { o.Retry.MaxAttempts = 10 })
	br := breaker.New(breaker.Options{Threshold: 3, Cooldown: time.Minute, Now: sl.clock})
	c.opts.Breakers = br
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"})
	var se *StatusError
	if !errors.Is(err, ErrUnavailable) || !errors.As(err, &se) || !errors.Is(err, breaker.ErrOpen) {
		t.Fatalf("err = %v, want the breaker's ErrOpen", err)
	}
	if n != 3 || se.RetryAt.Sub(sl.clock()) < 50*time.Second {
		t.Errorf("%d calls reached the server, retry at %v", n, se.RetryAt)
	}
}

func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	for url, ok := range map[string]bool{"http://127.0.0.1:1": true, "http://localhost": true, "http://[::1]:8": true,
		"https://api.example.com": true, "http://api.example.com": false, "http://10.0.0.1": false, "ftp://x": false} {
		_, err := New(Options{BaseURL: url})
		if (err == nil) != ok {
			t.Errorf("%s: err = %v", url, err)
		}
		if !ok && strings.HasPrefix(url, "http://") && !errors.Is(err, ErrInsecureURL) {
			t.Errorf("%s: err = %v, want ErrInsecureURL", url, err)
		}
	}
}

func TestPinnedCABundle(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()
	dir := t.TempDir()
	good := filepath.Join(dir, "ca.pem")
	os.WriteFile(good, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	c, _ := newClient(t, srv.URL, func(o *Options) { o.CABundle = good })
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/"}); err != nil {
		t.Fatalf("pinned CA refused its own server: %v", err)
	}
	other := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	other.TLS = &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	other.StartTLS()
	defer other.Close()
	c2, _ := newClient(t, other.URL, func(o *Options) { o.CABundle = good; o.Retry.MaxAttempts = 1 })
	if _, err := c2.Do(context.Background(), Request{Method: "GET", Path: "/"}); err == nil {
		t.Error("a server outside the pinned bundle was trusted")
	}
	bad := filepath.Join(dir, "bad.pem")
	os.WriteFile(bad, []byte("nope"), 0o600)
	if _, err := New(Options{BaseURL: srv.URL, CABundle: bad}); err == nil {
		t.Error("a bundle without certificates was accepted")
	}
}

// selfSigned makes a certificate for 127.0.0.1 that no bundle here contains.
func selfSigned(t *testing.T) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "other"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestCancelStopsWaiting(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := newClient(t, srv.URL, func(o *Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return clock.Sleep(ctx, time.Hour) }
	})
	if _, err := c.Do(ctx, Request{Method: "GET", Path: "/"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestMessage(t *testing.T) {
	cases := map[string]string{
		`{"status":"400 Bad Request","details":"Missing required parameters"}`:                                                    "Missing required parameters",
		`{"success":false,"message":"Invalid credentials","errors":[{"field":"password","message":"The password is incorrect"}]}`: "Invalid credentials; password: The password is incorrect",
		`{"errors":[{"code":"E1","title":"Bad","ref":"x","details":"too big"}]}`:                                                  "E1: Bad too big",
		`not json`:                 "",
		`{"details":{"nested":1}}`: "",
	}
	for in, want := range cases {
		if got := Message([]byte(in)); got != want {
			t.Errorf("Message(%s) = %q, want %q", in, got, want)
		}
	}
	if got := Message([]byte(`{"message":"` + strings.Repeat("é", 400) + `"}`)); len(got) > maxMessage+3 {
		t.Errorf("long message kept %d bytes", len(got))
	}
}

func FuzzMessage(f *testing.F) {
	f.Add([]byte(`{"status":"400 Bad Request","details":"Missing"}`))
	f.Add([]byte(`{"errors":[{"field":"a","message":"b"},{"code":"c","title":"d"}]}`))
	f.Add([]byte(`{"message":"x\n\u0000y"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := Message(b)
		if len(m) > maxMessage+len("…") || strings.ContainsAny(m, "\n\r\x00") {
			t.Fatalf("Message = %q", m)
		}
	})
}

func first(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[0]
}

func TestRetryAfterHoldsEveryRequestOfTheAgent(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	paths := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		if r.URL.Path == "/a" {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	c, sl := newClient(t, srv.URL, func(o *Options) { o.Retry.MaxAttempts = 1 })
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/a"})
	var se *StatusError
	if !errors.As(err, &se) || se.RetryAt.Sub(sl.clock()) < 30*time.Second {
		t.Fatalf("429: %v", err)
	}
	// Another path of the same host waits for the pause too (30s > maxInlineWait: it is
	// handed back to the worker without a request).
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/b"}); !errors.Is(err, ErrUnavailable) || len(paths()) != 1 {
		t.Fatalf("second request went out during the pause: %v, %v", err, paths())
	}
	sl.sleep(context.Background(), 61*time.Second) // Retry-After 30s plus at most as long again of jitter
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/b"}); err != nil || len(paths()) != 2 {
		t.Fatalf("after the pause: %v, %v", err, paths())
	}
}

// TestStreamedBodyIsNotBuffered sends 32 MiB and checks the client allocated a small
// fraction of it: the body goes from its source to the connection, never whole in memory.
func TestStreamedBodyIsNotBuffered(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		w.Write([]byte(strconv.FormatInt(n, 10)))
	}))
	defer srv.Close()
	const size = 32 << 20
	src := body.Source{Name: "v", Size: size, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(io.LimitReader(zeros{}, size)), nil
	}}
	c, _ := newClient(t, srv.URL, nil)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/", Body: body.Raw("application/octet-stream", src)})
	runtime.ReadMemStats(&after)
	if err != nil || string(resp.Body) != strconv.Itoa(size) {
		t.Fatalf("Do: %v %v", resp, err)
	}
	// The server side of this test allocates too; both together stay far below the body.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/8 {
		t.Errorf("allocated %d bytes to send %d: the body was buffered", alloc, size)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

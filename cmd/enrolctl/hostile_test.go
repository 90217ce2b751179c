package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// hostilePath is the request the hostile backend answers badly: the first step.
const hostilePath = "/api/v1/videoid"

// hostileBackend is the sandbox behind a handler that answers POST hostilePath with
// answer, and counts those requests.
type hostileBackend struct {
	url   string
	calls atomic.Int32
}

func newHostileBackend(t *testing.T, answer http.HandlerFunc) *hostileBackend {
	t.Helper()
	srv, err := sandbox.New(context.Background(), sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hb := &hostileBackend{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == hostilePath {
			hb.calls.Add(1)
			io.Copy(io.Discard, r.Body) // then the server notices when the client gives up
			answer(w, r)
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(func() { hs.CloseClientConnections(); hs.Close(); srv.Close() })
	hb.url = hs.URL
	return hb
}

// hostileConfig writes a configuration pointing at url with a tight pace (so that each
// case is quick) and credentials in files, not the environment, so the cases can run
// in parallel.
func hostileConfig(t *testing.T, url string) string {
	t.Helper()
	dir := t.TempDir()
	ref := func(name, value string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(value), 0o600); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("{ file = %q }", p)
	}
	toml := `profile = "oneshot"
[backend]
oneshot_url = "` + url + `"
org_id = "acme"
registration_authority = "139"
cert_profile = "PFnubeQAFCiudadano"
timeout = "1s"
header_timeout = "500ms"
min_rate = 20
rate_window = "1500ms"
username = ` + ref("user", "9001800") + `
password = ` + ref("pass", "Gy6F89xK") + `
pin = ` + ref("pin", "p1n") + `
billing_username = ` + ref("buser", sandbox.DemoBillingUsername) + `
billing_password = ` + ref("bpass", sandbox.DemoBillingPassword) + `
api_key = ` + ref("key", sandbox.DemoAPIKey) + `
`
	cfg := filepath.Join(dir, "enrolkiosk.toml")
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// ctl runs enrolctl with ctx, without touching the environment (the cases run in parallel).
func ctl(ctx context.Context, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// goIdentifier matches what Go's own error texts leak: type names, package-qualified
// identifiers, encoding/json's wording.
var goIdentifier = regexp.MustCompile(`Go struct|Go value|unmarshal|json: |\b[a-z]+\.[A-Z]\w*|\w+\[[\w.]+\]|\*[a-z]+\.`)

// stall blocks until the client gives up (or the test server closes).
func stall(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(30 * time.Second):
	}
}

func okJSON(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}
}

func wait(header string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", header)
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

// TestHostileBackend answers the first step of an enrolment in every hostile way of
// issue 18. Each case: `sync --once` returns in bounded time, the reason is in `queue
// show` (in the operator's words, no Go identifier), the backend got a bounded number
// of requests (no hot loop), and the enrolment is kept.
func TestHostileBackend(t *testing.T) {
	big := `{"status": "200 OK", "details": {"request_pk": 7, "pad": "` + strings.Repeat("x", 2<<20) + `"}}`
	cases := map[string]struct {
		answer   http.HandlerFunc
		want     string // in the queue note
		state    string
		maxCalls int32
	}{
		"malformed JSON": {okJSON(`{"status": "200 OK", "details": {"request_pk": `), "answer we do not understand (the JSON ends early", "sending", 1},
		"HTML": {func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>Please log in to the gateway</body></html>"))
		}, "answer we do not understand (an HTML page", "sending", 1},
		"wrong shape": {okJSON(`{"status": "200 OK", "details": "created"}`), "answer we do not understand (at field details", "sending", 1},
		"content-length never arrives": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte(`{"status": "200 OK", `))
			w.(http.Flusher).Flush()
			stall(r)
		}, "made no progress", "needs-reconciliation", 8},
		"trickle": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			for range 150 {
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(200 * time.Millisecond):
				}
			}
		}, "too slow", "needs-reconciliation", 8},
		"slow headers": {func(w http.ResponseWriter, r *http.Request) { stall(r) }, "did not start its answer", "needs-reconciliation", 8},
		"redirect to another host": {func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://collector.example.net/api/v1/videoid", http.StatusTemporaryRedirect)
		}, "redirected us to another host, collector.example.net", "sending", 8},
		"retry-after 600s":     {wait("600"), "the backend asked us to wait until", "sending", 1},
		"retry-after 10 years": {wait("315360000"), "asked us to wait 10 years, which cannot be meant", "sending", 1},
		"retry-after date": {func(w http.ResponseWriter, r *http.Request) {
			wait(time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))(w, r)
		}, "the backend asked us to wait until", "sending", 1},
		"2 MiB answer": {okJSON(big), "larger than the 1 MiB this request accepts", "rejected", 1},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			hb := newHostileBackend(t, c.answer)
			cfg := hostileConfig(t, hb.url)
			data := t.TempDir()
			bg := context.Background()
			if code, _, errs := ctl(bg, "--data-dir", data, "--config", cfg, "enrol", "--from-dir", "testdata/enrol/good"); code != 0 {
				t.Fatalf("enrol: %s", errs)
			}
			ctx, cancel := context.WithTimeout(bg, time.Minute)
			defer cancel()
			start := time.Now()
			code, out, errs := ctl(ctx, "--data-dir", data, "--config", cfg, "sync", "--once")
			took := time.Since(start)
			if ctx.Err() != nil {
				t.Fatalf("sync --once hung: %v\n%s\n%s", took, out, errs)
			}
			t.Logf("sync --once: %v, %d requests; %s", took.Round(time.Millisecond), hb.calls.Load(), strings.TrimSpace(out))
			if code != exitProblem {
				t.Errorf("sync --once exit %d, want %d (something left or rejected)\n%s\n%s", code, exitProblem, out, errs)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("sync --once does not give the reason %q:\n%s", c.want, out)
			}
			if n := hb.calls.Load(); n < 1 || n > c.maxCalls {
				t.Errorf("the backend got %d requests, want 1 to %d", n, c.maxCalls)
			}
			code, out, errs = ctl(bg, "--data-dir", data, "queue", "ls", "--json")
			var list []struct {
				ID    string `json:"id"`
				State string `json:"state"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 {
				t.Fatalf("queue ls: exit %d %q %q; the enrolment must be kept", code, out, errs)
			}
			if list[0].State != c.state {
				t.Errorf("state %s, want %s", list[0].State, c.state)
			}
			_, show, _ := ctl(bg, "--data-dir", data, "queue", "show", list[0].ID)
			noteLine := ""
			for _, l := range strings.Split(show, "\n") {
				if strings.HasPrefix(l, "note") {
					noteLine = l
				}
			}
			if !strings.Contains(noteLine, c.want) {
				t.Errorf("queue show note %q, want %q", noteLine, c.want)
			}
			if m := goIdentifier.FindString(noteLine); m != "" {
				t.Errorf("queue note %q holds the Go identifier %q", noteLine, m)
			}
		})
	}
}

// TestSyncSummaryAfterSignal: a run ended by a signal (its context cancelled in the middle
// of a request) still counts from the store: the enrolment is left, not "0 left".
func TestSyncSummaryAfterSignal(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hb := newHostileBackend(t, func(w http.ResponseWriter, r *http.Request) {
		cancel() // SIGTERM while the step is in flight
		stall(r)
	})
	cfg := hostileConfig(t, hb.url)
	data := t.TempDir()
	if code, _, errs := ctl(context.Background(), "--data-dir", data, "--config", cfg, "enrol", "--from-dir", "testdata/enrol/good"); code != 0 {
		t.Fatalf("enrol: %s", errs)
	}
	_, out, _ := ctl(ctx, "--data-dir", data, "--config", cfg, "sync")
	if !strings.Contains(out, "1 worked on, 0 delivered, 0 confirmed, 0 rejected, 1 left") {
		t.Errorf("summary after a signal:\n%s", out)
	}
}

// TestSummaryCountsEachEnrolmentOnce: an enrolment polled many times is delivered once;
// one delivered before the run and confirmed in it counts as confirmed, not delivered.
func TestSummaryCountsEachEnrolmentOnce(t *testing.T) {
	e := func(id string, s store.State) store.Entry { return store.Entry{ID: id, State: s} }
	before := []store.Entry{e("a", store.Queued), e("b", store.Delivered), e("c", store.Sending), e("d", store.Queued), e("h", store.Held)}
	after := []store.Entry{e("a", store.Confirmed), e("b", store.Confirmed), e("c", store.Delivered), e("d", store.Rejected), e("h", store.Held), e("n", store.Queued)}
	rep, left := summarize(before, after, map[string]bool{"a": true, "b": true, "c": true, "d": true})
	want := syncReport{Worked: 4, Delivered: 2, Confirmed: 2, Rejected: 1, Left: 2}
	if rep != want || len(left) != 2 {
		t.Errorf("summary %+v, want %+v (left %v)", rep, want, left)
	}
}

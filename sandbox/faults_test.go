package sandbox

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// codes sends n GETs of /api/v1/hello and returns the status codes in order.
func codes(e *env, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = e.do(http.MethodGet, "/api/v1/hello", nil).Code
	}
	return out
}

func TestFaultErrorRateIsReproducible(t *testing.T) {
	opts := Options{Seed: 42, Faults: Faults{ErrorRate: 0.3}, Limits: []Limit{{Requests: 0}}}
	const n = 400
	first := codes(newEnv(t, opts), n)
	e := newEnv(t, opts)
	second := codes(e, n)
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Fatal("the same seed gave two different fault sequences")
	}
	perCode := map[int]int{}
	for _, c := range first {
		perCode[c]++
	}
	errs := perCode[500] + perCode[502] + perCode[503]
	// 400 draws at p=0.3: mean 120, sd 9.2; the seed is fixed, the band is the 3.3-sd one.
	if errs < 90 || errs > 150 || perCode[200]+errs != n {
		t.Fatalf("codes %v: %d errors in %d requests at rate 0.3", perCode, errs, n)
	}
	for _, c := range []int{500, 502, 503} {
		if perCode[c] == 0 {
			t.Errorf("code %d never injected: %v", c, perCode)
		}
	}
	_, _, st := e.s.faults.snapshot()
	if st.Errors != errs || st.Requests != n {
		t.Fatalf("stats %+v, counted %d errors", st, errs)
	}
	other := codes(newEnv(t, Options{Seed: 43, Faults: Faults{ErrorRate: 0.3}, Limits: opts.Limits}), n)
	if fmt.Sprint(other) == fmt.Sprint(first) {
		t.Fatal("seeds 42 and 43 gave the same sequence")
	}
}

func TestFaultResetMidBody(t *testing.T) {
	e := newEnv(t, Options{Seed: 7, Faults: Faults{ResetRate: 0.2}})
	body := demoCreate()
	body["webhook_url"] = strings.Repeat("x", 64<<10) // a body large enough to be cut
	raw := []byte(mustJSON(t, body))
	const n = 150
	failed := 0
	for range n {
		req, _ := http.NewRequest(http.MethodPost, e.hs.URL+"/api/v1/videoid", bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		res, err := e.hs.Client().Do(req)
		if err != nil {
			failed++
			continue
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
	}
	_, _, st := e.s.faults.snapshot()
	// 150 draws at p=0.2: mean 30, sd 4.9.
	if st.Resets != failed || failed < 14 || failed > 46 {
		t.Fatalf("%d client failures, %d resets injected in %d requests at rate 0.2", failed, st.Resets, n)
	}
	rec, err := e.s.Received(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Enrolments) != n-failed {
		t.Fatalf("%d enrolments stored, want %d: a reset request must not be stored", len(rec.Enrolments), n-failed)
	}
	if c := rec.Calls["POST /api/v1/videoid"]; c.Reset != failed {
		t.Fatalf("received counts %d resets, want %d", c.Reset, failed)
	}
}

func TestFault429Storms(t *testing.T) {
	e := newEnv(t, Options{Seed: 3, Faults: Faults{StormRate: 0.05, StormLength: 5, RetryAfterSeconds: 2}})
	var runs []int
	run, total := 0, 0
	for range 400 {
		r := e.do(http.MethodGet, "/api/v1/hello", nil)
		if r.Code == http.StatusTooManyRequests {
			if r.Header.Get("Retry-After") != "2" || r.Header.Get("X-RateLimit-Remaining") != "0" ||
				r.Header.Get("X-RateLimit-Reset") != fmt.Sprint(e.clk.now().Add(2*time.Second).Unix()) {
				t.Fatalf("storm answer headers %v", r.Header)
			}
			run++
			total++
			continue
		}
		if run > 0 {
			runs = append(runs, run)
		}
		run = 0
	}
	_, _, st := e.s.faults.snapshot()
	if st.Storm429 != total || st.Storms < 5 {
		t.Fatalf("stats %+v, saw %d 429s in runs %v", st, total, runs)
	}
	for _, r := range runs {
		if r%5 != 0 {
			t.Fatalf("a storm run of %d answers; storms last 5 (back to back storms add up): %v", r, runs)
		}
	}
}

// The latency and bandwidth checks are lower bounds: a sleep never ends early, so they
// cannot fail on a slow machine.
func TestFaultLatencyAndBandwidth(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{LatencyMS: 60}})
	start := time.Now()
	wantStatus(t, e.do(http.MethodGet, "/api/v1/hello", nil), http.StatusOK)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("answer after %v with 60 ms latency", d)
	}
	e = newEnv(t, Options{Faults: Faults{BandwidthBPS: 50 << 10}})
	body := demoCreate()
	body["webhook_url"] = strings.Repeat("x", 20<<10)
	start = time.Now()
	wantStatus(t, e.postJSON("/api/v1/videoid", body), http.StatusOK)
	if d := time.Since(start); d < 350*time.Millisecond {
		t.Fatalf("20 KiB body read in %v at 50 KiB/s", d)
	}
}

func TestFaultAdminEndpoint(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do(http.MethodPut, "/_sandbox/faults?seed=9", strings.NewReader(`{"error_rate":1,"error_codes":[503]}`), "Content-Type", "application/json")
	wantStatus(t, r, http.StatusOK)
	if v := r.json(t); v["seed"] != float64(9) {
		t.Fatalf("admin answer %v", v)
	}
	got := e.do(http.MethodGet, "/api/v1/hello", nil)
	if got.Code != 503 || got.json(t)["status"] != "503 Service Unavailable" {
		t.Fatalf("after PUT error_rate 1: %d %s", got.Code, got.Body)
	}
	wantStatus(t, e.do(http.MethodGet, "/_sandbox/received", nil), http.StatusOK) // admin paths are never faulted
	bad := e.do(http.MethodPut, "/_sandbox/faults", strings.NewReader(`{"error_rate":1.5}`), "Content-Type", "application/json")
	if bad.Code != 400 || !strings.Contains(string(bad.Body), "error_rate 1.5 is outside 0..1") {
		t.Fatalf("bad fault config: %d %s", bad.Code, bad.Body)
	}
	wantStatus(t, e.do(http.MethodPut, "/_sandbox/faults", strings.NewReader(`{}`), "Content-Type", "application/json"), http.StatusOK)
	wantStatus(t, e.do(http.MethodGet, "/api/v1/hello", nil), http.StatusOK)
}

func TestRateLimits(t *testing.T) {
	e := newEnv(t, Options{Limits: []Limit{{Match: "", Requests: 3, Window: time.Minute}}})
	for i := range 3 {
		r := e.do(http.MethodGet, "/api/v1/hello", nil)
		wantStatus(t, r, http.StatusOK)
		if got := r.Header.Get("X-RateLimit-Remaining"); got != fmt.Sprint(2-i) || r.Header.Get("X-RateLimit-Limit") != "3" ||
			r.Header.Get("X-RateLimit-Reset") != fmt.Sprint(e.clk.now().Add(time.Minute).Unix()) {
			t.Fatalf("request %d headers %v", i, r.Header)
		}
	}
	r := e.do(http.MethodGet, "/api/v1/hello", nil)
	if r.Code != 429 || r.Header.Get("Retry-After") != "60" || r.json(t)["status"] != "429 Too Many Requests" {
		t.Fatalf("past the limit: %d %v %s", r.Code, r.Header, r.Body)
	}
	other := e.do(http.MethodGet, "/api/v1/hello", nil, "X-API-Key", DemoAPIKey)
	wantStatus(t, other, http.StatusOK) // another caller has its own window
	e.clk.add(time.Minute)
	wantStatus(t, e.do(http.MethodGet, "/api/v1/hello", nil), http.StatusOK)
	login := e.postJSON("/v1/auth/login", map[string]any{}, "X-API-Key", DemoAPIKey)
	if login.Header.Get("X-RateLimit-Remaining") != "2" || login.json(t)["success"] != false {
		t.Fatalf("login is its own endpoint window: %v %s", login.Header, login.Body)
	}
}

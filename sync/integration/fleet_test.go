package integration

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	stdsync "sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// hit is one request as the backend saw it.
type hit struct {
	agent, endpoint string
	arrived, done   time.Time
	status          int
	retryAfter      time.Duration
}

// recorder wraps the sandbox's handler and notes every request.
type recorder struct {
	next http.Handler
	mu   stdsync.Mutex
	hits []hit
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := hit{agent: r.Header.Get("x-installation_id"), endpoint: r.Method + " " + endpointOf(r.URL.Path), arrived: time.Now()}
	sw := &statusWriter{ResponseWriter: w, code: 200}
	rc.next.ServeHTTP(sw, r)
	h.done, h.status = time.Now(), sw.code
	if s, err := strconv.Atoi(sw.Header().Get("Retry-After")); err == nil {
		h.retryAfter = time.Duration(s) * time.Second
	}
	rc.mu.Lock()
	rc.hits = append(rc.hits, h)
	rc.mu.Unlock()
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(c int) { w.code = c; w.ResponseWriter.WriteHeader(c) }

// endpointOf replaces the ids in a path by placeholders, as the rate limiter's route
// patterns do.
func endpointOf(p string) string {
	out := []byte{}
	seg := ""
	flush := func() {
		if _, err := strconv.Atoi(seg); err == nil || len(seg) == 36 {
			seg = "{id}"
		}
		out = append(out, seg...)
		seg = ""
	}
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			flush()
			out = append(out, '/')
			continue
		}
		seg += string(p[i])
	}
	flush()
	return string(out)
}

// TestFleetComesBackOnline starts 200 agents, each with its own store, installation id
// and sealed enrolment, at the same moment against a sandbox limited to limit requests
// per second per endpoint (one partner key for the whole fleet). No agent may send a
// request before the Retry-After it was given has passed, the per-second peak of any
// endpoint must stay within the limit plus a margin (well below the peak of a fleet
// without start jitter), and every enrolment must end confirmed, each step applied once.
func TestFleetComesBackOnline(t *testing.T) {
	if testing.Short() {
		t.Skip("200 agents")
	}
	const agents, limit = 200, 100
	// Besides the limiter, short 429 storms (Retry-After: 1) on the status endpoint make
	// sure many agents are told to wait, so that obeying Retry-After is really tested.
	srv, err := sandbox.New(context.Background(), sandbox.Options{Limits: []sandbox.Limit{{Match: "", Requests: limit, Window: time.Second}},
		Seed: 3, Faults: sandbox.Faults{StormRate: 0.03, StormLength: 3, RetryAfterSeconds: 1, PathPrefix: "/api/v1/request/"}})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{next: srv.Handler()}
	hs := httptest.NewServer(rec)
	defer func() { hs.Close(); srv.Close() }()

	dbs := make([]*store.DB, agents)
	ids := make([]string, agents)
	for i := range agents {
		dbs[i] = storetest.Open(t)
		ids[i] = sandboxtest.Seal(t, dbs[i], oneshot.Name, i).ID
	}
	start := time.Now()
	var wg stdsync.WaitGroup
	errs := make(chan error, agents)
	for i := range agents {
		w := fleetAgent(t, dbs[i], hs.URL, fmt.Sprintf("inst-%03d", i), 3*agents/limit)
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a hang guard
			defer cancel()
			if _, err := w.Drain(ctx); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("agent: %v", err)
	}
	took := time.Since(start)
	for i := range agents {
		checkAllConfirmed(t, dbs[i], ids[i:i+1])
	}
	checkSandbox(t, srv, agents)
	checkRetryAfterObeyed(t, rec.hits)
	peak, where, limited, sliding := peakPerSecond(rec.hits, start)
	t.Logf("%d agents in %v: %d requests, %d answered 429, per-second peak %d (%s; %d over any sliding second), limit %d",
		agents, took.Round(time.Millisecond), len(rec.hits), limited, peak, where, sliding, limit)
	if limited < 20 {
		t.Errorf("only %d answers were 429: Retry-After obedience was hardly exercised", limited)
	}
	// Spread agents peak at 73-99 on an idle machine; on one whose cores are taken by
	// other tests the recorder's arrival stamps bunch (a starved handler stamps late) and
	// peaks of 126 were seen. Without the start jitter the peak is 200-216, twice the
	// limit: limit + 50 % tells the stampede from a busy machine.
	if margin := limit + limit/2; peak > margin {
		t.Errorf("per-second peak %d on %s is over the limit %d plus 50%%: the fleet stampedes", peak, where, limit)
	}
}

// fleetAgent is one kiosk: the default backoff policy, the shared partner key (which
// the sandbox's rate limiter counts per endpoint for the whole fleet), and a start
// spread over spread seconds (the test uses 3 x agents/limit: without it the
// create endpoint sees about 180 requests in the first second, and the test fails).
func fleetAgent(t *testing.T, db *store.DB, url, id string, spread int) *ksync.Worker {
	key := auth.APIKey{Key: sandbox.DemoAPIKey}
	w := newAgent(t, db, url, agentOpts{id: id, retry: retry.Default, mod: func(o *api.Options) { o.Auth = key }})
	w.SetStartJitter(time.Duration(spread) * time.Second)
	return w
}

// checkRetryAfterObeyed fails if an agent sent anything before the Retry-After it was
// given had passed.
func checkRetryAfterObeyed(t *testing.T, hits []hit) {
	t.Helper()
	byAgent := map[string][]hit{}
	for _, h := range hits {
		byAgent[h.agent] = append(byAgent[h.agent], h)
	}
	bad := 0
	for agent, hs := range byAgent {
		sort.Slice(hs, func(i, j int) bool { return hs[i].arrived.Before(hs[j].arrived) })
		for i, h := range hs {
			if h.status != http.StatusTooManyRequests {
				continue
			}
			until := h.done.Add(h.retryAfter)
			for _, later := range hs[i+1:] {
				if later.arrived.Before(until) && later.arrived.After(h.done) {
					if bad++; bad <= 5 {
						t.Errorf("agent %s: %s at %v, %v before the Retry-After of the 429 on %s ended",
							agent, later.endpoint, later.arrived.Format("15:04:05.000"), until.Sub(later.arrived), h.endpoint)
					}
				}
			}
		}
	}
}

// peakPerSecond returns the largest number of requests one endpoint received in one
// second of the backend's own limiter windows (fixed windows of one second, each
// starting at the first request after the previous one ended, as the sandbox's limiter
// counts), where, how many were
// answered 429, and for the record the peak over any sliding second (which a
// fixed-window limiter lets reach twice its limit across a window boundary, whatever
// the clients do).
func peakPerSecond(hits []hit, start time.Time) (peak int, where string, limited, sliding int) {
	byEndpoint := map[string][]time.Time{}
	for _, h := range hits {
		byEndpoint[h.endpoint] = append(byEndpoint[h.endpoint], h.arrived)
		if h.status == http.StatusTooManyRequests {
			limited++
		}
	}
	for ep, ts := range byEndpoint {
		sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
		// The limiter's windows: one starts at the first request after the previous ended.
		var ws time.Time
		n := 0
		for _, at := range ts {
			if ws.IsZero() || at.Sub(ws) >= time.Second {
				ws, n = at, 0
			}
			if n++; n > peak {
				peak, where = n, fmt.Sprintf("%s in the window at +%v", ep, ws.Sub(start).Round(time.Millisecond))
			}
		}
		j := 0
		for i := range ts {
			for ts[i].Sub(ts[j]) >= time.Second {
				j++
			}
			sliding = max(sliding, i-j+1)
		}
	}
	return peak, where, limited, sliding
}

package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
)

// Faults are the failures injected into API requests (never into /_sandbox/ paths).
// Rates are shares of requests in [0, 1]; a fixed seed makes the sequence reproducible.
type Faults struct {
	// ErrorRate is the share of requests answered with one of ErrorCodes.
	ErrorRate float64 `json:"error_rate"`
	// ErrorCodes are the statuses used by ErrorRate; empty means 500, 502 and 503.
	ErrorCodes []int `json:"error_codes,omitempty"`
	// LatencyMS is added before every request is handled.
	LatencyMS int `json:"latency_ms"`
	// BandwidthBPS caps request body reads and response writes, in bytes per second.
	BandwidthBPS int64 `json:"bandwidth_bps"`
	// ResetRate is the share of requests whose connection is reset in the middle of the
	// request body (half of it read, then a TCP RST; no answer at all).
	ResetRate float64 `json:"reset_rate"`
	// LoseRate is the share of requests that are carried out and whose answer is then
	// lost: the handler runs, then the connection is reset instead of answering (what a
	// client sees when a proxy or the network fails after the backend did the work).
	LoseRate float64 `json:"lose_rate"`
	// StormRate is the share of requests that start a 429 storm.
	StormRate float64 `json:"storm_rate"`
	// StormLength is how many requests a storm answers with 429; zero means 10.
	StormLength int `json:"storm_length"`
	// RetryAfterSeconds is the Retry-After of storm answers; zero means 1.
	RetryAfterSeconds int `json:"retry_after_seconds"`
	// PathPrefix limits faults to paths starting with it; empty means every API path.
	PathPrefix string `json:"path_prefix,omitempty"`
}

// ErrBadFaults reports a fault configuration that cannot be applied.
var ErrBadFaults = errors.New("invalid fault configuration")

// Validate checks rates and codes.
func (f Faults) Validate() error {
	for name, v := range map[string]float64{"error_rate": f.ErrorRate, "reset_rate": f.ResetRate, "storm_rate": f.StormRate, "lose_rate": f.LoseRate} {
		if v < 0 || v > 1 {
			return fmt.Errorf("%w: %s %v is outside 0..1", ErrBadFaults, name, v)
		}
	}
	for _, c := range f.ErrorCodes {
		if c < 500 || c > 599 {
			return fmt.Errorf("%w: error code %d is not a 5xx status", ErrBadFaults, c)
		}
	}
	if f.LatencyMS < 0 || f.BandwidthBPS < 0 || f.StormLength < 0 || f.RetryAfterSeconds < 0 {
		return fmt.Errorf("%w: latency, bandwidth, storm length and retry-after cannot be negative", ErrBadFaults)
	}
	return nil
}

// FaultStats counts what the injector did since the last reseed.
type FaultStats struct {
	// Requests counts the requests the injector decided on (those under PathPrefix).
	Requests int `json:"requests"`
	// Errors, Resets and Storm429 count the requests that got each fault.
	Errors   int `json:"errors"`
	Resets   int `json:"resets"`
	Lost     int `json:"lost"`
	Storm429 int `json:"storm_429"`
	// Storms counts the storms started.
	Storms int `json:"storms"`
}

// faultInjector decides, request by request, which fault to inject.
type faultInjector struct {
	mu        sync.Mutex
	cfg       Faults
	seed      uint64
	rng       *rand.Rand
	stormLeft int
	stats     FaultStats
}

func newFaultInjector(seed uint64, f Faults) *faultInjector {
	fi := &faultInjector{cfg: f}
	fi.reseed(seed)
	return fi
}

// reseed restarts the random sequence and the counters (seed 0 means 1).
func (fi *faultInjector) reseed(seed uint64) {
	if seed == 0 {
		seed = 1
	}
	fi.seed, fi.rng, fi.stormLeft, fi.stats = seed, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), 0, FaultStats{}
}

// fault is the decision for one request.
type fault struct {
	code       int // 429 or 5xx, zero for none
	retryAfter int
	reset      bool
	lose       bool
	latency    time.Duration
	bps        int64
}

// decide draws the same four numbers for every request so runs with one seed line up.
func (fi *faultInjector) decide(path string) fault {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	c := fi.cfg
	if c.PathPrefix != "" && !strings.HasPrefix(path, c.PathPrefix) {
		return fault{}
	}
	fi.stats.Requests++
	uStorm, uErr, uReset, uCode := fi.rng.Float64(), fi.rng.Float64(), fi.rng.Float64(), fi.rng.IntN(1<<16)
	f := fault{latency: time.Duration(c.LatencyMS) * time.Millisecond, bps: c.BandwidthBPS}
	if fi.stormLeft == 0 && uStorm < c.StormRate {
		fi.stormLeft = cmp0(c.StormLength, 10)
		fi.stats.Storms++
	}
	switch {
	case fi.stormLeft > 0:
		fi.stormLeft--
		fi.stats.Storm429++
		f.code, f.retryAfter = http.StatusTooManyRequests, cmp0(c.RetryAfterSeconds, 1)
	case uErr < c.ErrorRate:
		codes := c.ErrorCodes
		if len(codes) == 0 {
			codes = []int{500, 502, 503}
		}
		fi.stats.Errors++
		f.code = codes[uCode%len(codes)]
	case uReset < c.ResetRate:
		fi.stats.Resets++
		f.reset = true
	case c.LoseRate > 0 && fi.rng.Float64() < c.LoseRate: // drawn only then: older seeds line up
		fi.stats.Lost++
		f.lose = true
	}
	return f
}

func cmp0(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func (fi *faultInjector) snapshot() (Faults, uint64, FaultStats) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.cfg, fi.seed, fi.stats
}

func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.cfg, fi.stormLeft = f, 0
}

// faultMiddleware applies the decision: latency, bandwidth cap, 429 storm, 5xx, reset.
func (s *Server) faultMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := s.faults.decide(r.URL.Path)
		if f.latency > 0 && clock.Sleep(r.Context(), f.latency) != nil {
			return
		}
		if f.bps > 0 {
			r.Body = &throttled{ctx: r.Context(), r: r.Body, bps: f.bps, start: time.Now()}
			w = &throttledWriter{ResponseWriter: w, t: throttled{ctx: r.Context(), bps: f.bps, start: time.Now()}}
		}
		switch {
		case f.reset:
			resetMidBody(w, r)
		case f.lose:
			next.ServeHTTP(&discardWriter{h: http.Header{}}, r)
			resetConn(w)
		case f.code == http.StatusTooManyRequests:
			// The storm is its own limit: Remaining 0 and a Reset that agrees with Retry-After
			// (not the end of the endpoint's window, which a client would also obey).
			w.Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.opts.Now().Add(time.Duration(f.retryAfter)*time.Second).Unix(), 10))
			writeError(w, r, f.code, "Rate limit exceeded (sandbox 429 storm): retry after "+strconv.Itoa(f.retryAfter)+" s")
		case f.code != 0:
			io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
			writeError(w, r, f.code, "sandbox injected fault: "+http.StatusText(f.code))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// resetMidBody reads half of the request body, then resets the TCP connection.
func resetMidBody(w http.ResponseWriter, r *http.Request) {
	half := r.ContentLength / 2
	if half <= 0 {
		half = 32 << 10
	}
	io.Copy(io.Discard, io.LimitReader(r.Body, half))
	resetConn(w)
}

// resetConn closes the request's connection with a TCP RST and no answer.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // the server closes the connection without answering
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // close with RST, not FIN
	}
	conn.Close()
}

// throttled paces reads to bps bytes per second.
type throttled struct {
	ctx   context.Context
	r     io.ReadCloser
	bps   int64
	start time.Time
	n     int64
}

func (t *throttled) Read(p []byte) (int, error) {
	if len(p) > int(t.bps/10)+1 {
		p = p[:t.bps/10+1]
	}
	n, err := t.r.Read(p)
	if werr := t.pace(n); werr != nil {
		return n, werr
	}
	return n, err
}

func (t *throttled) Close() error { return t.r.Close() }

// pace sleeps until n more bytes fit in the budget.
func (t *throttled) pace(n int) error {
	t.n += int64(n)
	due := t.start.Add(time.Duration(float64(t.n) / float64(t.bps) * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		return clock.Sleep(t.ctx, d)
	}
	return nil
}

// throttledWriter paces response writes.
type throttledWriter struct {
	http.ResponseWriter
	t throttled
}

func (w *throttledWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), int(w.t.bps/10)+1)]
		n, err := w.ResponseWriter.Write(chunk)
		written += n
		if err != nil {
			return written, err
		}
		if err := w.t.pace(n); err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// Unwrap lets http.ResponseController reach the connection (for resets and flushes).
func (w *throttledWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// discardWriter takes an answer that is never sent (a lost answer).
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

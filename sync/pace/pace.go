// Package pace spaces an agent's requests by the backend's own rate-limit headers
// (X-RateLimit-Remaining, X-RateLimit-Limit, X-RateLimit-Reset), so that a backlog drains
// at the backend's limit instead of running into 429 storms and the pauses they bring.
// A Pacer keeps one window per endpoint (the path with its ids folded, so
// /api/v1/request/45836 and /api/v1/request/45837 share one). While at least half a
// window remains, requests go at once; below that, the requests left are spread evenly
// over the time left until the reset, and with none left the next waits for the reset.
// It complements the breaker's server-named pauses (Retry-After), which it never shortens.
package pace

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// Options configures a Pacer.
type Options struct {
	// Now and Sleep are the clock; nil uses the real ones.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// MaxWait bounds one wait (default 1 min): a garbled header cannot stall the worker.
	MaxWait time.Duration
}

// Pacer holds the rate-limit windows of the endpoints an agent talks to. Its methods
// may be called from any goroutine.
type Pacer struct {
	opts Options
	mu   sync.Mutex
	eps  map[string]*endpoint
}

type endpoint struct {
	w    retry.Window
	seen time.Time // when w was observed
	sent int       // requests let through since
	next time.Time // the earliest the next request may go
}

// New returns a Pacer.
func New(opts Options) *Pacer {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = clock.Sleep
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Minute
	}
	return &Pacer{opts: opts, eps: map[string]*endpoint{}}
}

// Key names the endpoint of a request to host: the method and the path with every
// segment that holds a digit (an id, a pk, a UUID) folded to "{}".
func Key(host, method, path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.ContainsAny(s, "0123456789") {
			segs[i] = "{}"
		}
	}
	return host + " " + method + " " + strings.Join(segs, "/")
}

// Delay returns how long a request to the endpoint key (see Key) should wait now, and
// books its place: the next caller is spaced after it.
func (p *Pacer) Delay(key string) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.eps[key]
	if e == nil {
		return 0
	}
	now := p.opts.Now()
	// X-RateLimit-Reset names a whole second, and the window may open as late as the end
	// of it: count the second in.
	left := e.w.Reset + time.Second - now.Sub(e.seen)
	if left <= 0 { // the window has reset since: what we knew is stale
		delete(p.eps, key)
		return 0
	}
	remaining := e.w.Remaining - e.sent
	if e.w.Limit > 0 && remaining*2 > e.w.Limit || e.w.Limit == 0 && remaining > 20 {
		e.sent++
		return 0
	}
	var at time.Time
	if remaining <= 0 {
		at = now.Add(left) // none left: wait for the reset
	} else {
		at = now // spread the rest evenly over the time left
		if e.next.After(now) {
			at = e.next
		}
		e.next = at.Add(left / time.Duration(remaining))
	}
	e.sent++
	return min(at.Sub(now), p.opts.MaxWait)
}

// Wait sleeps until a request of method to path at host may go, or until ctx ends.
func (p *Pacer) Wait(ctx context.Context, host, method, path string) error {
	if d := p.Delay(Key(host, method, path)); d > 0 {
		return p.opts.Sleep(ctx, d)
	}
	return nil
}

// Observe records the window an answer to a request of method to path at host
// described; answers without the headers change nothing.
func (p *Pacer) Observe(host, method, path string, h http.Header) {
	p.observe(Key(host, method, path), h)
}

func (p *Pacer) observe(key string, h http.Header) {
	now := p.opts.Now()
	w, ok := retry.RateWindow(h, now)
	if !ok {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.eps[key]
	if e == nil {
		e = &endpoint{}
		p.eps[key] = e
	}
	e.w, e.seen, e.sent = w, now, 0
}

package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limit is a fixed-window rate limit for the endpoints whose route pattern contains Match
// ("" matches every endpoint). The first matching Limit applies, per client key and
// endpoint.
type Limit struct {
	Match    string        `json:"match"`
	Requests int           `json:"requests"`
	Window   time.Duration `json:"window"`
}

// DefaultLimits are used when Options.Limits is empty: SIGNula's login limit scaled for a
// shared test backend, and a general limit high enough for the agent's sync benchmarks.
var DefaultLimits = []Limit{
	{Match: "/auth/login", Requests: 20, Window: time.Minute},
	{Match: "", Requests: 600, Window: time.Minute},
}

// limiter counts requests per (client key, endpoint) in fixed windows.
type limiter struct {
	mu      sync.Mutex
	limits  []Limit
	now     func() time.Time
	windows map[string]*window
}

type window struct {
	start time.Time
	count int
}

func newLimiter(limits []Limit, now func() time.Time) *limiter {
	if len(limits) == 0 {
		limits = DefaultLimits
	}
	return &limiter{limits: limits, now: now, windows: map[string]*window{}}
}

// verdict is the outcome for one request.
type verdict struct {
	limit, remaining int
	reset            time.Time
	allowed          bool
}

func (l *limiter) take(client, pattern string) (verdict, bool) {
	lim, ok := l.match(pattern)
	if !ok || lim.Requests <= 0 {
		return verdict{}, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	key := client + " " + pattern
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= lim.Window {
		w = &window{start: now}
		l.windows[key] = w
	}
	v := verdict{limit: lim.Requests, reset: w.start.Add(lim.Window)}
	if w.count < lim.Requests {
		w.count++
		v.allowed = true
	}
	v.remaining = lim.Requests - w.count
	return v, true
}

func (l *limiter) match(pattern string) (Limit, bool) {
	for _, lim := range l.limits {
		if strings.Contains(pattern, lim.Match) {
			return lim, true
		}
	}
	return Limit{}, false
}

// clientKey identifies the caller: its API key, its bearer token, its installation id,
// or its address, hashed so no secret is kept in memory as such.
func clientKey(r *http.Request) string {
	for _, h := range []string{"X-API-Key", "Authorization", "x-installation_id"} {
		if v := r.Header.Get(h); v != "" {
			sum := sha256.Sum256([]byte(v))
			return h + ":" + hex.EncodeToString(sum[:8])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host
}

// rateLimitMiddleware sets X-RateLimit-* on every answer and refuses with 429 past a limit.
func (s *Server) rateLimitMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := s.mux.Handler(r)
		v, ok := s.limiter.take(clientKey(r), pattern)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("X-RateLimit-Limit", strconv.Itoa(v.limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(v.remaining))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(v.reset.Unix(), 10))
		if !v.allowed {
			secs := int(v.reset.Sub(s.opts.Now()).Seconds() + 0.999)
			h.Set("Retry-After", strconv.Itoa(max(secs, 1)))
			writeError(w, r, http.StatusTooManyRequests, "Rate limit exceeded: "+strconv.Itoa(v.limit)+" requests per window for this endpoint; retry after "+strconv.Itoa(max(secs, 1))+" s")
			return
		}
		next.ServeHTTP(w, r)
	})
}

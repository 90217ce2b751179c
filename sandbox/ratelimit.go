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
	// Match is a substring of the route pattern, like "/auth/login".
	Match string `json:"match"`
	// Requests allowed per Window; zero turns limiting off for the matched endpoints.
	Requests int           `json:"requests"`
	Window   time.Duration `json:"window"`
}

// DefaultLimits are used when Options.Limits is empty: SIGNula's login limit scaled for a
// shared test backend, and a general limit high enough for the agent's sync benchmarks.
func DefaultLimits() []Limit {
	return []Limit{
		{Match: "/auth/login", Requests: 20, Window: time.Minute},
		{Match: "", Requests: 600, Window: time.Minute},
	}
}

// limiter counts requests per (client key, endpoint) in fixed windows.
type limiter struct {
	mu      sync.Mutex
	limits  []Limit
	now     func() time.Time
	windows map[string]*window
}

type window struct {
	start  time.Time
	length time.Duration
	count  int
}

func newLimiter(limits []Limit, now func() time.Time) *limiter {
	if len(limits) == 0 {
		limits = DefaultLimits()
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
	if len(l.windows) > maxWindows {
		l.prune(now)
	}
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= lim.Window {
		w = &window{start: now, length: lim.Window}
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

// maxWindows bounds the windows kept before expired ones are dropped.
const maxWindows = 10000

// prune drops windows that ended; the caller holds l.mu.
func (l *limiter) prune(now time.Time) {
	for k, w := range l.windows {
		if now.Sub(w.start) >= w.length {
			delete(l.windows, k)
		}
	}
}

func (l *limiter) match(pattern string) (Limit, bool) {
	for _, lim := range l.limits {
		if strings.Contains(pattern, lim.Match) {
			return lim, true
		}
	}
	return Limit{}, false
}

// clientKey identifies the caller for rate limits and idempotency: its API key, else the
// user of its bearer token (so a refreshed token keeps the same scope), else its
// installation id, else its address. Values are hashed so no secret is kept as such.
func (s *Server) clientKey(r *http.Request) string {
	if v := r.Header.Get("X-API-Key"); v != "" {
		return "key:" + shortHash(v)
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		if c, err := parseJWT(tok, s.auth.sign); err == nil {
			return "user:" + c.Sub
		}
		return "bearer:" + shortHash(tok)
	}
	if v := r.Header.Get("x-installation_id"); v != "" {
		return "installation:" + shortHash(v)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host
}

func shortHash(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:8])
}

// rateLimitMiddleware sets X-RateLimit-* on every answer and refuses with 429 past a limit.
func (s *Server) rateLimitMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := s.mux.Handler(r)
		v, ok := s.limiter.take(s.clientKey(r), pattern)
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

package retry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Window is a rate-limit window as an answer's X-RateLimit-* headers describe it.
type Window struct {
	// Remaining requests in the window; Limit its size (0 when not sent).
	Remaining, Limit int
	// Reset is how long until the window opens again, on the server's clock (see
	// ServerDelay: an epoch is read against the answer's Date).
	Reset time.Duration
}

// RateWindow reads X-RateLimit-Remaining, X-RateLimit-Limit and X-RateLimit-Reset from h
// at now. ok is false when Remaining or Reset is missing or unreadable.
func RateWindow(h http.Header, now time.Time) (Window, bool) {
	rem, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	if err != nil || rem < 0 {
		return Window{}, false
	}
	reset, ok := parseReset(h.Get("X-RateLimit-Reset"), serverNow(h, now))
	if !ok {
		return Window{}, false
	}
	limit, _ := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit")))
	return Window{Remaining: rem, Limit: max(limit, 0), Reset: min(reset, maxServerDelay)}, true
}

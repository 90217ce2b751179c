package retry

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxAsked is the longest wait ServerWait reports as asked: beyond it a duration
// overflows.
const maxAsked = time.Duration(1<<63 - 1)

// maxServerDelay bounds what a server can ask for, so a garbled header cannot park the
// queue for years; the worker tries again on its next pass.
const maxServerDelay = 24 * time.Hour

// ServerDelay returns the wait the server asked for. Retry-After (seconds or an HTTP
// date) is the server's instruction for this very answer and wins when present.
// Without it, X-RateLimit-Reset (a Unix time in seconds, or seconds from now when the
// value is smaller than a day, as some APIs send) counts when the request was
// rate-limited (limited, a 429) or X-RateLimit-Remaining is 0: APIs send it on every
// answer, and a 503 in a fresh window must not wait for the window's end. ok is false
// when no usable header is present. Absolute times are measured against the answer's
// Date header when it has one (see serverNow), not against now.
func ServerDelay(h http.Header, now time.Time, limited bool) (d time.Duration, ok bool) {
	w, ok := ServerWait(h, now, limited)
	return w.Delay, ok
}

// MaxServerDelay is the longest wait a server can impose; a longer one is Absurd.
const MaxServerDelay = maxServerDelay

// Wait is a pause a server asked for.
type Wait struct {
	// Delay is the wait to obey: what the server asked, at most MaxServerDelay.
	Delay time.Duration
	// Asked is what the server asked for, before the cap (up to about 290 years).
	Asked time.Duration
	// Absurd is true when the server asked for more than MaxServerDelay: a garbled
	// header or a misconfigured backend, reported as such and capped.
	Absurd bool
}

// ServerWait is ServerDelay with what the server asked before the cap: see ServerDelay
// for the headers read.
func ServerWait(h http.Header, now time.Time, limited bool) (w Wait, ok bool) {
	if h == nil {
		return w, false
	}
	now = serverNow(h, now)
	if v, good := parseRetryAfter(h.Get("Retry-After"), now); good {
		w.Asked, ok = v, true
	} else if limited || strings.TrimSpace(h.Get("X-RateLimit-Remaining")) == "0" {
		w.Asked, ok = parseReset(h.Get("X-RateLimit-Reset"), now)
	}
	w.Delay, w.Absurd = min(w.Asked, maxServerDelay), w.Asked > maxServerDelay
	return w, ok
}

// serverNow returns the server's clock at the answer, from its Date header, else now.
// Absolute times a server names (an HTTP-date Retry-After, an epoch X-RateLimit-Reset)
// are on its clock: a field laptop whose clock drifted hours while offline for days
// would otherwise wait hours for a one-second pause, or not wait at all. Date has a
// resolution of one second and is stamped before the answer leaves, so the wait it gives
// is never shorter than the server meant.
func serverNow(h http.Header, now time.Time) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return now
}

func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		return seconds(secs)
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return clampNonNeg(t.Sub(now)), true // Sub saturates: a date centuries away is maxAsked
}

func parseReset(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false
	}
	if secs < 86400 { // a delta, not an epoch
		return seconds(secs)
	}
	if secs > 1e11 { // not a plausible Unix time in seconds
		return 0, false
	}
	whole := math.Floor(secs)
	at := time.Unix(int64(whole), int64((secs-whole)*1e9))
	// A reset names the second at which the window opens again: wait until it has begun.
	return clampNonNeg(at.Sub(now)), true
}

func seconds(s float64) (time.Duration, bool) {
	if s != s || s < 0 { // NaN or negative
		return 0, false
	}
	if s > maxAsked.Seconds() {
		return maxAsked, true
	}
	return time.Duration(s * float64(time.Second)), true
}

func clampNonNeg(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	return d
}

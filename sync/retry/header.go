package retry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

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
	if h == nil {
		return 0, false
	}
	now = serverNow(h, now)
	if v, good := parseRetryAfter(h.Get("Retry-After"), now); good {
		d, ok = v, true
	} else if limited || strings.TrimSpace(h.Get("X-RateLimit-Remaining")) == "0" {
		d, ok = parseReset(h.Get("X-RateLimit-Reset"), now)
	}
	if d > maxServerDelay {
		d = maxServerDelay
	}
	return d, ok
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
	return clampNonNeg(t.Sub(now)), true
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
	at := time.Unix(0, int64(secs*1e9))
	// A reset names the second at which the window opens again: wait until it has begun.
	return clampNonNeg(at.Sub(now)), true
}

func seconds(s float64) (time.Duration, bool) {
	if s != s || s < 0 { // NaN or negative
		return 0, false
	}
	if s > maxServerDelay.Seconds() {
		return maxServerDelay, true
	}
	return time.Duration(s * float64(time.Second)), true
}

func clampNonNeg(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	return d
}

package retry

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Policy is an exponential backoff with full jitter: before attempt n (0-based count of
// failures so far) the wait is uniform in [0, min(Cap, Base*2^n)), and never shorter than
// what the server asked for.
type Policy struct {
	// Base is the first backoff ceiling.
	Base time.Duration
	// Cap bounds every backoff ceiling.
	Cap time.Duration
	// MaxAttempts bounds the attempts of one request before the worker moves on; the
	// enrolment stays queued and is tried again on a later pass. Zero means unbounded.
	MaxAttempts int
	// Rand returns a float in [0,1); nil uses math/rand/v2.
	Rand func() float64
}

// Default is the policy used when none is configured.
var Default = Policy{Base: 500 * time.Millisecond, Cap: 60 * time.Second, MaxAttempts: 8}

// Backoff returns the jittered wait before the next attempt after failures failures.
func (p Policy) Backoff(failures int) time.Duration {
	return p.jitter(p.ceiling(failures))
}

// ceiling is min(Cap, Base*2^failures).
func (p Policy) ceiling(failures int) time.Duration {
	ceil := p.Base
	for i := 0; i < failures && ceil < p.Cap; i++ {
		ceil *= 2
	}
	return min(ceil, p.Cap)
}

// jitter returns a uniform duration in [0, ceil).
func (p Policy) jitter(ceil time.Duration) time.Duration {
	if ceil <= 0 {
		return 0
	}
	r := p.Rand
	if r == nil {
		r = rand.Float64
	}
	return time.Duration(r() * float64(ceil))
}

// Delay returns how long to wait before retrying after a failure of class c with
// response header h (nil without a response) at time now: the jittered backoff, or,
// when the server named a time (see ServerDelay), that time plus a jitter over as long
// again, at most Cap (and at least the backoff), so that a fleet told "Retry-After: 1"
// comes back spread over the following second or more instead of in the same
// millisecond, and one told to wait a day does not wait two. The wait is never shorter
// than what the server asked for.
func (p Policy) Delay(failures int, c Class, h http.Header, now time.Time) time.Duration {
	srv, ok := ServerDelay(h, now, c == RateLimited)
	if !ok {
		return p.Backoff(failures)
	}
	return srv + p.jitter(max(p.ceiling(failures), min(srv, p.Cap)))
}

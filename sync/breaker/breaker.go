// Package breaker is a per-host circuit breaker: after a run of consecutive transient
// failures to one host it opens and refuses further requests for a cooldown, then lets a
// single trial through (half-open); a success closes it again. It keeps an outage from
// spinning the worker and a fleet of agents from hammering a backend that is down.
package breaker

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrOpen is returned (wrapped, with the last failure's cause) by Allow while the host's
// circuit is open.
var ErrOpen = errors.New("the backend kept failing: requests paused until the cooldown ends")

// ErrDeferred is returned by Allow while the host asked to be left alone (Retry-After).
var ErrDeferred = errors.New("the backend asked us to wait")

// State is the state of one host's circuit.
type State int

// Circuit states.
const (
	Closed State = iota
	Open
	HalfOpen
)

// String names the state.
func (s State) String() string {
	return [...]string{"closed", "open", "half-open"}[s]
}

// Options tunes a Set.
type Options struct {
	// Threshold is the number of consecutive failures that opens the circuit (default 5).
	Threshold int
	// Cooldown is how long an open circuit refuses requests (default 30s).
	Cooldown time.Duration
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
}

// Set holds one circuit per host. Its zero value is not usable: call New.
type Set struct {
	opts  Options
	mu    sync.Mutex
	hosts map[string]*circuit
}

type circuit struct {
	state    State
	failures int
	openedAt time.Time
	trial    bool  // a half-open trial is in flight
	cause    error // the last failure, named while the circuit is open
	// notBefore is when the host said requests may resume (Retry-After); it survives
	// Success and Failure, which say nothing about the server's wish.
	notBefore time.Time
}

// New returns a Set with opts, filling in defaults.
func New(opts Options) *Set {
	if opts.Threshold <= 0 {
		opts.Threshold = 5
	}
	if opts.Cooldown <= 0 {
		opts.Cooldown = 30 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Set{opts: opts, hosts: make(map[string]*circuit)}
}

func (s *Set) get(host string) *circuit {
	c := s.hosts[host]
	if c == nil {
		c = &circuit{}
		s.hosts[host] = c
	}
	return c
}

// Allow reports whether a request to host may go now. When it may not, it returns how
// long until it may, and ErrDeferred, or ErrOpen wrapped with the last failure's cause
// (a redirect, a stall, a refused connection, a TLS error) so the operator sees why.
func (s *Set) Allow(host string) (time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.get(host)
	if wait := c.notBefore.Sub(s.opts.Now()); wait > 0 {
		return wait, ErrDeferred
	}
	switch c.state {
	case Open:
		left := c.openedAt.Add(s.opts.Cooldown).Sub(s.opts.Now())
		if left > 0 {
			return left, c.openErr()
		}
		c.state, c.trial = HalfOpen, true
		return 0, nil
	case HalfOpen:
		if c.trial {
			return s.opts.Cooldown / 4, c.openErr()
		}
		c.trial = true
	}
	return 0, nil
}

// openErr is ErrOpen with the last failure's cause.
func (c *circuit) openErr() error {
	if c.cause == nil {
		return ErrOpen
	}
	return fmt.Errorf("%w (last failure: %v)", ErrOpen, c.cause)
}

// Success records a request to host that got an answer the backend meant (any status
// that is not a transient failure).
func (s *Set) Success(host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.get(host)
	*c = circuit{notBefore: c.notBefore}
}

// Failure records a transient failure (network error, 5xx) of a request to host, and
// its cause, which Allow names while the circuit is open.
func (s *Set) Failure(host string, cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.get(host)
	c.failures++
	c.cause = cause
	if c.state == HalfOpen || c.failures >= s.opts.Threshold {
		c.state, c.openedAt, c.trial = Open, s.opts.Now(), false
	}
}

// Defer holds every request to host until at least until: the host asked for a pause
// (Retry-After), and no request from this agent, whatever its path, goes before then.
func (s *Set) Defer(host string, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.get(host); until.After(c.notBefore) {
		c.notBefore = until
	}
}

// State returns the state of host's circuit, for status displays.
func (s *Set) State(host string) State {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.get(host)
	if c.state == Open && s.opts.Now().Sub(c.openedAt) >= s.opts.Cooldown {
		return HalfOpen
	}
	return c.state
}

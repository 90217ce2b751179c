package breaker

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// errCause is the failure the tests record.
var errCause = errors.New("connection refused by api.example.com")

type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newSet(c *clock) *Set           { return New(Options{Threshold: 3, Cooldown: 10 * time.Second, Now: c.now}) }
func mustAllow(t *testing.T, s *Set, h string) {
	t.Helper()
	if _, err := s.Allow(h); err != nil {
		t.Fatalf("Allow(%s) = %v, want allowed", h, err)
	}
}

func TestOpensAfterThresholdAndOnlyForThatHost(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	s := newSet(c)
	for range 3 {
		mustAllow(t, s, "a")
		s.Failure("a", errCause)
	}
	wait, err := s.Allow("a")
	if !errors.Is(err, ErrOpen) || wait != 10*time.Second {
		t.Fatalf("Allow after 3 failures = %v, %v; want ErrOpen, 10s", wait, err)
	}
	if !strings.Contains(err.Error(), errCause.Error()) {
		t.Errorf("the open breaker says %q, without the last failure's cause", err)
	}
	mustAllow(t, s, "b")
	if s.State("a") != Open || s.State("b") != Closed {
		t.Errorf("states a=%v b=%v", s.State("a"), s.State("b"))
	}
}

func TestSuccessResetsCount(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	s := newSet(c)
	s.Failure("a", errCause)
	s.Failure("a", errCause)
	s.Success("a")
	s.Failure("a", errCause)
	s.Failure("a", errCause)
	mustAllow(t, s, "a")
}

func TestHalfOpenLetsOneTrial(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	s := newSet(c)
	for range 3 {
		s.Failure("a", errCause)
	}
	c.add(10 * time.Second)
	mustAllow(t, s, "a")
	if _, err := s.Allow("a"); !errors.Is(err, ErrOpen) {
		t.Fatalf("second request during the half-open trial was allowed")
	}
	s.Failure("a", errCause) // the trial failed: open again for a full cooldown
	if _, err := s.Allow("a"); !errors.Is(err, ErrOpen) {
		t.Fatal("circuit did not reopen after a failed trial")
	}
	c.add(10 * time.Second)
	mustAllow(t, s, "a")
	s.Success("a")
	mustAllow(t, s, "a")
	mustAllow(t, s, "a")
	if s.State("a") != Closed {
		t.Errorf("state = %v, want closed", s.State("a"))
	}
}

// TestConcurrentUse drives one Set from many goroutines at once (run with -race) and
// checks the breaker's invariants: no failure report is lost (the circuit opens exactly
// at the threshold), one host's outage never refuses another host, an open circuit lets
// nothing through, and a half-open one lets exactly one trial through however many ask
// at the same moment, round after round.
func TestConcurrentUse(t *testing.T) {
	const workers, each = 8, 100
	var mu sync.Mutex
	now := time.Unix(1000, 0)
	clk := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	const failing = workers / 2 * each // the failures the even workers report below
	s := New(Options{Threshold: failing + 1, Cooldown: 10 * time.Second, Now: clk})
	all := func(fn func(i int)) {
		var wg sync.WaitGroup
		for i := range workers {
			wg.Go(func() { fn(i) })
		}
		wg.Wait()
	}
	var refused atomic.Int64
	all(func(i int) {
		for range each {
			if i%2 == 0 {
				s.Failure("down", errCause)
				continue
			}
			if _, err := s.Allow("up"); err != nil {
				refused.Add(1)
			}
			s.Success("up")
		}
	})
	if n := refused.Load(); n != 0 {
		t.Fatalf("%d requests to a healthy host were refused while another host failed", n)
	}
	if st := s.State("down"); st != Closed {
		t.Fatalf("after %d concurrent failures (threshold %d) the circuit is %v: want closed", failing, failing+1, st)
	}
	s.Failure("down", errCause)
	if st := s.State("down"); st != Open {
		t.Fatalf("at the threshold the circuit is %v: a failure report was lost", st)
	}
	var allowed atomic.Int64
	ask := func(int) {
		for range each {
			if _, err := s.Allow("down"); err == nil {
				allowed.Add(1)
			} else if !errors.Is(err, ErrOpen) {
				t.Errorf("Allow = %v, want ErrOpen", err)
			}
		}
	}
	all(ask)
	if n := allowed.Load(); n != 0 {
		t.Fatalf("an open circuit let %d requests through", n)
	}
	for round := range 5 {
		advance(10 * time.Second)
		allowed.Store(0)
		all(ask)
		if n := allowed.Load(); n != 1 {
			t.Fatalf("round %d: a half-open circuit let %d of %d concurrent requests through, want exactly one trial", round, n, workers*each)
		}
		s.Failure("down", errCause) // the trial failed: open again for a full cooldown
	}
	advance(10 * time.Second)
	allowed.Store(0)
	all(ask)
	s.Success("down")
	allowed.Store(0)
	all(ask)
	if n := allowed.Load(); n != workers*each || s.State("down") != Closed {
		t.Fatalf("after a successful trial %d of %d requests went through (state %v), want all, closed", n, workers*each, s.State("down"))
	}
}

func TestDeferHoldsEveryRequestUntilThen(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	s := newSet(c)
	s.Defer("a", c.t.Add(3*time.Second))
	s.Defer("a", c.t.Add(time.Second)) // an earlier deadline does not shorten the wait
	s.Success("a")
	if wait, err := s.Allow("a"); !errors.Is(err, ErrDeferred) || wait != 3*time.Second {
		t.Fatalf("Allow = %v, %v; want ErrDeferred, 3s", wait, err)
	}
	mustAllow(t, s, "b")
	c.add(3 * time.Second)
	mustAllow(t, s, "a")
}

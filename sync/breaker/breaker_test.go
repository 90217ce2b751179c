package breaker

import (
	"errors"
	"strings"
	"sync"
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

func TestConcurrentUse(t *testing.T) {
	s := New(Options{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 200 {
				if _, err := s.Allow("h"); err == nil {
					if i%2 == 0 {
						s.Failure("h", errCause)
					} else {
						s.Success("h")
					}
				}
			}
		})
	}
	wg.Wait()
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

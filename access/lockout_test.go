package access_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
)

func TestLockoutDoubles(t *testing.T) {
	l := access.NewLockout(2)
	now := time.Unix(0, 0)
	l.Fail(now)
	if _, locked := l.Locked(now); locked {
		t.Fatal("locked after one failure")
	}
	l.Fail(now)
	until, locked := l.Locked(now)
	if !locked || until.Sub(now) != 30*time.Second {
		t.Fatalf("first lock until %v", until.Sub(now))
	}
	now = until
	l.Fail(now)
	l.Fail(now)
	if until, _ := l.Locked(now); until.Sub(now) != time.Minute {
		t.Fatalf("second lock %v, want 1m", until.Sub(now))
	}
}

// fakeLimiter is a hand-written access.Limiter.
type fakeLimiter struct {
	locked        func() (time.Time, bool)
	fails, succes int
}

func (f *fakeLimiter) Locked(context.Context) (time.Time, bool) { return f.locked() }
func (f *fakeLimiter) Fail(context.Context)                     { f.fails++ }
func (f *fakeLimiter) Succeed(context.Context)                  { f.succes++ }

func TestServiceConsultsItsLimiter(t *testing.T) {
	ctx := context.Background()
	down := false
	until := time.Unix(2e9, 0)
	locked := false
	lim := &fakeLimiter{locked: func() (time.Time, bool) { return until, locked }}
	s := access.NewService(ctx, access.Config{Online: backend(&down), Values: accesstest.NewValues(), Params: cheap, Lockout: lim})
	if _, err := s.Login(ctx, "ana", "bad", ""); !errors.Is(err, access.ErrBadCredentials) || lim.fails != 1 {
		t.Fatalf("a wrong password: %v, %d failures", err, lim.fails)
	}
	if _, err := s.Login(ctx, "ana", "", ""); !errors.Is(err, access.ErrBadCredentials) || lim.fails != 1 {
		t.Fatalf("an empty password counted: %v, %d failures", err, lim.fails)
	}
	if _, err := s.Login(ctx, "ana", "secret", ""); err != nil || lim.succes != 1 {
		t.Fatalf("a good login: %v, %d successes", err, lim.succes)
	}
	if err := s.Unlock(ctx, "nope"); !errors.Is(err, access.ErrBadCredentials) || lim.fails != 2 {
		t.Fatalf("a wrong unlock: %v, %d failures", err, lim.fails)
	}
	locked = true
	var le *access.LockedError
	if _, err := s.Login(ctx, "ana", "secret", ""); !errors.As(err, &le) || !le.Until.Equal(until) || !errors.Is(err, access.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	if err := s.Unlock(ctx, "secret"); !errors.Is(err, access.ErrLocked) {
		t.Fatalf("unlock while locked: %v", err)
	}
}

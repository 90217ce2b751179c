package access_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
)

func TestLockoutDoubles(t *testing.T) {
	l := access.NewLockout(2)
	l.Fail()
	if _, locked := l.Locked(); locked {
		t.Fatal("locked after one failure")
	}
	l.Fail()
	wait, locked := l.Locked()
	if !locked || wait != 30*time.Second {
		t.Fatalf("first lock %v, want 30s", wait)
	}
	l.Elapse(29 * time.Second)
	if wait, locked := l.Locked(); !locked || wait != time.Second {
		t.Fatalf("after 29s: %v, %v", wait, locked)
	}
	l.Elapse(time.Second)
	if _, locked := l.Locked(); locked {
		t.Fatal("still locked after 30s")
	}
	l.Fail()
	l.Fail()
	if wait, _ := l.Locked(); wait != time.Minute {
		t.Fatalf("second lock %v, want 1m", wait)
	}
	l.Elapse(-time.Hour) // a clock that went back does not lengthen or shorten it
	if wait, _ := l.Locked(); wait != time.Minute {
		t.Fatalf("after a negative elapse %v, want 1m", wait)
	}
}

// elapsedClock is a hand-set monotonic clock.
type elapsedClock struct{ d time.Duration }

func (c *elapsedClock) elapsed() time.Duration { return c.d }

// The lock is kept per user name, as the time still to wait: a restart goes on from
// where it was, and neither lifts nor restarts it.
func TestStoredLockoutSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	vals := accesstest.NewValues()
	clk := &elapsedClock{}
	l := access.NewStoredLockout(vals, 2, clk.elapsed, nil)
	l.Fail(ctx, "ana")
	l.Fail(ctx, "Ana ") // the same user name
	clk.d += 10 * time.Second
	if wait, locked := l.Locked(ctx, "ana"); !locked || wait != 20*time.Second {
		t.Fatalf("ana: %v, %v; want 20s", wait, locked)
	}
	if _, locked := l.Locked(ctx, "bob"); locked {
		t.Fatal("bob is locked by ana's failures")
	}
	restarted := access.NewStoredLockout(vals, 2, (&elapsedClock{d: time.Hour}).elapsed, nil)
	if wait, locked := restarted.Locked(ctx, "ANA"); !locked || wait != 20*time.Second {
		t.Fatalf("after a restart: %v, %v; want the 20s still to wait", wait, locked)
	}
	restarted.Succeed(ctx, "ana")
	if len(vals.All()) != 0 {
		t.Errorf("a success left %d values", len(vals.All()))
	}
}

// fakeLimiter is a hand-written access.Limiter recording which users it was told about.
type fakeLimiter struct {
	locked        func(user string) (time.Duration, bool)
	fails, succes []string
}

func (f *fakeLimiter) Locked(_ context.Context, user string) (time.Duration, bool) {
	return f.locked(user)
}
func (f *fakeLimiter) Fail(_ context.Context, user string)    { f.fails = append(f.fails, user) }
func (f *fakeLimiter) Succeed(_ context.Context, user string) { f.succes = append(f.succes, user) }

func TestServiceConsultsItsLimiter(t *testing.T) {
	ctx := context.Background()
	b := newBackend()
	locked := false
	lim := &fakeLimiter{locked: func(string) (time.Duration, bool) { return time.Minute, locked }}
	s := access.NewService(ctx, access.Config{Online: b, Values: accesstest.NewValues(), Params: cheap, Lockout: lim})
	if _, err := s.Login(ctx, " ana", "bad", ""); !errors.Is(err, access.ErrBadCredentials) || len(lim.fails) != 1 || lim.fails[0] != "ana" {
		t.Fatalf("a wrong password: %v, failures %q", err, lim.fails)
	}
	if _, err := s.Login(ctx, "ana", "", ""); !errors.Is(err, access.ErrBadCredentials) || len(lim.fails) != 1 {
		t.Fatalf("an empty password counted: %v, failures %q", err, lim.fails)
	}
	if _, err := s.Login(ctx, "ana", "secret", ""); err != nil || len(lim.succes) != 1 {
		t.Fatalf("a good login: %v, successes %q", err, lim.succes)
	}
	if err := s.Unlock(ctx, "nope"); !errors.Is(err, access.ErrBadCredentials) || len(lim.fails) != 2 || lim.fails[1] != "ana" {
		t.Fatalf("a wrong unlock: %v, failures %q", err, lim.fails)
	}
	locked = true
	var le *access.LockedError
	if _, err := s.Login(ctx, "ana", "secret", ""); !errors.As(err, &le) || le.Wait != time.Minute || !errors.Is(err, access.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	if err := s.Unlock(ctx, "secret"); !errors.Is(err, access.ErrLocked) {
		t.Fatalf("unlock while locked: %v", err)
	}
}

// An administrator is one by a role of the online login, or by the passphrase, which has
// its own lockout.
func TestAdministrator(t *testing.T) {
	ctx := context.Background()
	s := access.NewService(ctx, access.Config{Values: accesstest.NewValues(), MaxFailures: 3, Params: cheap,
		AdminRoles: []string{"RA-Admin"}, AdminPassphrase: "open sesame"})
	if a, ok := s.AdminRole(access.Operator{ID: "x", Session: auth.Session{Roles: []string{"operator", "ra-admin"}}}); !ok || a.String() != "role:ra-admin" {
		t.Fatalf("an administrator role: %v %v", a, ok)
	}
	if _, ok := s.AdminRole(access.Operator{ID: "x", Session: auth.Session{Roles: []string{"admin"}}}); ok {
		t.Fatal("a role not configured made an administrator")
	}
	if _, ok := s.AdminRole(access.Operator{ID: "x", Offline: true}); ok {
		t.Fatal("an offline login made an administrator")
	}
	for range 3 {
		if _, err := s.CheckAdminPassphrase(ctx, "guess"); !errors.Is(err, access.ErrBadAdminPassphrase) {
			t.Fatalf("a wrong passphrase: %v", err)
		}
	}
	if _, err := s.CheckAdminPassphrase(ctx, "open sesame"); !errors.Is(err, access.ErrLocked) {
		t.Fatalf("after 3 wrong passphrases: %v", err)
	}
	none := access.NewService(ctx, access.Config{Values: accesstest.NewValues(), Params: cheap})
	if none.HasAdminPassphrase() {
		t.Fatal("a passphrase without one configured")
	}
	if _, err := none.CheckAdminPassphrase(ctx, ""); !errors.Is(err, access.ErrNotAdmin) {
		t.Fatalf("no passphrase configured: %v", err)
	}
}

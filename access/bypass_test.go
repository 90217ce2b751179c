package access_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
)

// TestBypassesFound is the security review's list: each way it got in is a case that
// must now stay out. attack sets the scene and returns the last attempt's answer, which
// must not be a login, and must be the refusal in want.
func TestBypassesFound(t *testing.T) {
	type scene struct {
		ctx  context.Context
		b    *fakeBackend
		clk  *clocks
		vals *accesstest.Values
		s    *access.Service
	}
	login := func(t *testing.T, sc *scene, user, password, code string) {
		t.Helper()
		if _, err := sc.s.Login(sc.ctx, user, password, code); err != nil {
			t.Fatalf("setting the scene: %s cannot log in: %v", user, err)
		}
	}
	for _, tc := range []struct {
		name   string
		attack func(t *testing.T, sc *scene) (access.Operator, error)
		want   error
	}{
		{"MFA operator offline with the password alone", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "mfa", "secret", "123456")
			sc.b.fail = errDown
			return sc.s.Login(sc.ctx, "mfa", "secret", "")
		}, access.ErrOfflineMFA},
		{"MFA operator offline on request after a 5xx", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "mfa", "secret", "123456")
			sc.b.fail = errFailing
			sc.s.Login(sc.ctx, "mfa", "secret", "")
			return sc.s.LoginOffline(sc.ctx, "mfa", "secret")
		}, access.ErrOfflineMFA},
		{"operator revoked by the backend logs in offline", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			sc.b.revoked["ana"] = true
			if _, err := sc.s.Login(sc.ctx, "ana", "secret", ""); !errors.Is(err, access.ErrBadCredentials) {
				t.Fatalf("the backend's refusal: %v", err)
			}
			sc.b.fail = errDown
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrNoOfflineLogin},
		{"offline login forever: older than the maximum age", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			sc.b.fail = errDown
			sc.clk.advance(access.DefaultMaxOfflineAge + time.Minute)
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrOfflineExpired},
		{"offline login stretched by setting the clock back", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			sc.b.fail = errDown
			sc.clk.wall = sc.clk.wall.Add(-30 * 24 * time.Hour)
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrOfflineExpired},
		{"guesses at one account reset by another's login", func(t *testing.T, sc *scene) (access.Operator, error) {
			sc.s.Login(sc.ctx, "ana", "guess1", "")
			sc.s.Login(sc.ctx, "ana", "guess2", "")
			login(t, sc, "bob", "secret", "")
			sc.s.Login(sc.ctx, "ana", "guess3", "")
			login(t, sc, "bob", "secret", "") // bob is not locked by ana's failures
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrLocked},
		{"guesses at names no operator has go uncounted", func(t *testing.T, sc *scene) (access.Operator, error) {
			for range 3 {
				sc.s.Login(sc.ctx, "ghost", "guess", "")
			}
			return sc.s.Login(sc.ctx, "ghost", "guess", "")
		}, access.ErrLocked},
		{"guesses offline go uncounted", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			sc.b.fail = errDown
			for range 3 {
				sc.s.Login(sc.ctx, "ana", "guess", "")
			}
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrLocked},
		{"moving the wall clock forward lifts the lock", func(t *testing.T, sc *scene) (access.Operator, error) {
			for range 3 {
				sc.s.Login(sc.ctx, "ana", "guess", "")
			}
			sc.clk.wall = sc.clk.wall.Add(365 * 24 * time.Hour)
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrLocked},
		{"a restart lifts the lock", func(t *testing.T, sc *scene) (access.Operator, error) {
			for range 3 {
				sc.s.Login(sc.ctx, "ana", "guess", "")
			}
			sc.clk.elapsed = 0 // a new process: its monotonic clock starts again
			sc.s = access.NewService(sc.ctx, sc.clk.config(sc.b, sc.vals))
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrLocked},
		{"unlocking the session guesses without limit", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			for range 3 {
				sc.s.Unlock(sc.ctx, "guess")
			}
			return access.Operator{}, sc.s.Unlock(sc.ctx, "secret")
		}, access.ErrLocked},
		{"a 429 falls back to the offline check", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			sc.b.fail = &access.RetryError{At: sc.clk.wall.Add(time.Minute), Err: errors.New("HTTP 429")}
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrRateLimited},
		{"a 5xx falls back to the offline check", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			sc.b.fail = errFailing
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrBackendFailing},
		{"another 4xx falls back to the offline check", func(t *testing.T, sc *scene) (access.Operator, error) {
			login(t, sc, "ana", "secret", "")
			sc.b.fail = access.ErrRejected
			return sc.s.Login(sc.ctx, "ana", "secret", "")
		}, access.ErrRejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &scene{ctx: context.Background(), b: newBackend(), clk: newClocks(), vals: accesstest.NewValues()}
			sc.s = access.NewService(sc.ctx, sc.clk.config(sc.b, sc.vals))
			op, err := tc.attack(t, sc)
			if err == nil || op.ID != "" {
				t.Fatalf("got in: %+v", op)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("refused with %v, want %v", err, tc.want)
			}
		})
	}
}

// The lock ends after its time has elapsed on the monotonic clock, also across a restart.
func TestLockEndsOnElapsedTime(t *testing.T) {
	ctx := context.Background()
	b, clk, vals := newBackend(), newClocks(), accesstest.NewValues()
	s := access.NewService(ctx, clk.config(b, vals))
	for range 3 {
		s.Login(ctx, "ana", "guess", "")
	}
	clk.elapsed += 20 * time.Second
	var le *access.LockedError
	if _, err := s.Login(ctx, "ana", "secret", ""); !errors.As(err, &le) || le.Wait != 10*time.Second {
		t.Fatalf("after 20s: %v", err)
	}
	clk.elapsed = 0
	s = access.NewService(ctx, clk.config(b, vals))
	clk.elapsed += 10 * time.Second
	if op, err := s.Login(ctx, "ana", "secret", ""); err != nil || op.ID != "ana" {
		t.Fatalf("after the whole 30s: %+v, %v", op, err)
	}
}

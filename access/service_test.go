package access_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
)

// fakeOnline is a hand-written access.Online: fn decides each login.
type fakeOnline struct {
	fn func(user, password, code string) (access.Operator, error)
}

func (f *fakeOnline) Login(_ context.Context, user, password, code string) (access.Operator, error) {
	return f.fn(user, password, code)
}

var cheap = accesstest.Params()

// backend accepts ana/secret, asks mfa/secret for code 123456, or is unreachable.
func backend(down *bool) *fakeOnline {
	return &fakeOnline{fn: func(user, password, code string) (access.Operator, error) {
		switch {
		case *down:
			return access.Operator{}, fmt.Errorf("%w: connection refused", access.ErrUnreachable)
		case user == "ana" && password == "secret":
			return access.Operator{ID: "ana", Name: "Ana"}, nil
		case user == "mfa" && password == "secret" && code == "":
			return access.Operator{}, access.ErrMFARequired
		case user == "mfa" && password == "secret" && code == "123456":
			return access.Operator{ID: "mfa", Name: "M"}, nil
		}
		return access.Operator{}, access.ErrBadCredentials
	}}
}

type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

func newService(down *bool, clk *fixedClock) (*access.Service, *accesstest.Values) {
	vals := accesstest.NewValues()
	return access.NewService(context.Background(), access.Config{Online: backend(down), Values: vals, MaxFailures: 3, Params: cheap, Now: clk.now}), vals
}

func TestOnlineThenOffline(t *testing.T) {
	down := true
	clk := &fixedClock{t: time.Unix(1e9, 0)}
	s, vals := newService(&down, clk)
	ctx := context.Background()
	if _, err := s.Login(ctx, "ana", "secret", ""); !errors.Is(err, access.ErrNoOfflineLogin) {
		t.Fatalf("offline before any online login: %v", err)
	}
	down = false
	op, err := s.Login(ctx, " ana ", "secret", "")
	if err != nil || op.Offline || op.ID != "ana" {
		t.Fatalf("online login = %+v, %v", op, err)
	}
	for name, b := range vals.All() {
		if string(b) == "secret" || len(name) > 60 {
			t.Fatalf("verifier stored badly: %s", name)
		}
	}
	down = true
	op, err = s.Login(ctx, "ANA", "secret", "")
	if err != nil || !op.Offline || op.Name != "Ana" {
		t.Fatalf("offline login = %+v, %v", op, err)
	}
	if _, err := s.Login(ctx, "ana", "wrong", ""); !errors.Is(err, access.ErrBadCredentials) {
		t.Fatalf("offline wrong password: %v", err)
	}
	if err := s.Unlock(ctx, "secret"); err != nil {
		t.Errorf("Unlock with the right password: %v", err)
	}
	if err := s.Unlock(ctx, "nope"); !errors.Is(err, access.ErrBadCredentials) {
		t.Errorf("Unlock with a wrong password: %v", err)
	}
	s.Logout()
	if err := s.Unlock(ctx, "secret"); err == nil {
		t.Error("Unlock after Logout succeeded")
	}
}

func TestMFAAndLockout(t *testing.T) {
	down := false
	clk := &fixedClock{t: time.Unix(1e9, 0)}
	s, vals := newService(&down, clk)
	ctx := context.Background()
	if _, err := s.Login(ctx, "mfa", "secret", ""); !errors.Is(err, access.ErrMFARequired) {
		t.Fatalf("MFA user without code: %v", err)
	}
	if op, err := s.Login(ctx, "mfa", "secret", "123456"); err != nil || op.ID != "mfa" {
		t.Fatalf("MFA login: %v", err)
	}
	for range 3 {
		if _, err := s.Login(ctx, "ana", "bad", ""); !errors.Is(err, access.ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	if _, err := s.Login(ctx, "ana", "secret", ""); !errors.Is(err, access.ErrLocked) {
		t.Fatalf("after 3 failures: %v", err)
	}
	restarted := access.NewService(context.Background(), access.Config{Online: backend(&down), Values: vals, MaxFailures: 3, Params: cheap, Now: clk.now})
	if _, err := restarted.Login(ctx, "ana", "secret", ""); !errors.Is(err, access.ErrLocked) {
		t.Fatalf("a restart lifted the lock: %v", err)
	}
	clk.t = clk.t.Add(31 * time.Second)
	if _, err := restarted.Login(ctx, "ana", "secret", ""); err != nil {
		t.Fatalf("after the lock ended: %v", err)
	}
}

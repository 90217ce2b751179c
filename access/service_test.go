package access_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
)

var cheap = accesstest.Params()

// fakeBackend is a hand-written access.Online: ana/secret and bob/secret log in, mfa/secret
// asks for code 123456; fail, when set, answers every login instead.
type fakeBackend struct {
	fail    error
	revoked map[string]bool
	calls   int
}

func newBackend() *fakeBackend { return &fakeBackend{revoked: map[string]bool{}} }

func (f *fakeBackend) Login(_ context.Context, user, password, code string) (access.Operator, error) {
	f.calls++
	switch {
	case f.fail != nil:
		return access.Operator{}, f.fail
	case f.revoked[user]:
		return access.Operator{}, fmt.Errorf("%w: account disabled", access.ErrBadCredentials)
	case (user == "ana" || user == "bob") && password == "secret":
		return access.Operator{ID: user, Name: user + " B.", Session: auth.Session{Token: "tok", Roles: []string{"operator"}}}, nil
	case user == "mfa" && password == "secret" && code == "":
		return access.Operator{}, access.ErrMFARequired
	case user == "mfa" && password == "secret" && code == "123456":
		return access.Operator{ID: "mfa", Name: "M", Session: auth.Session{Token: "tok", MFA: true}}, nil
	}
	return access.Operator{}, fmt.Errorf("%w: Invalid credentials", access.ErrBadCredentials)
}

var (
	errDown    = fmt.Errorf("%w: connection refused", access.ErrUnreachable)
	errFailing = fmt.Errorf("%w: HTTP 503", access.ErrBackendFailing)
)

// clocks are a hand-set wall clock and a hand-set monotonic clock.
type clocks struct {
	wall    time.Time
	elapsed time.Duration
}

func (c *clocks) now() time.Time            { return c.wall }
func (c *clocks) sinceStart() time.Duration { return c.elapsed }
func (c *clocks) advance(d time.Duration)   { c.wall = c.wall.Add(d); c.elapsed += d }
func newClocks() *clocks                    { return &clocks{wall: time.Unix(1.7e9, 0)} }
func (c *clocks) config(b access.Online, v access.Values) access.Config {
	return access.Config{Online: b, Values: v, MaxFailures: 3, Params: cheap, Now: c.now, Elapsed: c.sinceStart}
}

func TestOnlineThenOffline(t *testing.T) {
	ctx := context.Background()
	b, clk, vals := newBackend(), newClocks(), accesstest.NewValues()
	s := access.NewService(ctx, clk.config(b, vals))
	b.fail = errDown
	if _, err := s.Login(ctx, "ana", "secret", ""); !errors.Is(err, access.ErrNoOfflineLogin) {
		t.Fatalf("offline before any online login: %v", err)
	}
	b.fail = nil
	op, err := s.Login(ctx, " ana ", "secret", "")
	if err != nil || op.Offline || op.ID != "ana" {
		t.Fatalf("online login = %+v, %v", op, err)
	}
	for name, v := range vals.All() {
		if string(v) == "secret" || len(name) > 60 {
			t.Fatalf("verifier stored badly: %s", name)
		}
	}
	if _, err := s.Login(ctx, "ana", "typo", ""); !errors.Is(err, access.ErrBadCredentials) {
		t.Fatalf("online typo: %v", err)
	}
	b.fail = errDown
	clk.advance(71 * time.Hour) // a typo refused online did not revoke the offline login
	op, err = s.Login(ctx, "ANA", "secret", "")
	if err != nil || !op.Offline || op.Name != "ana B." || op.Session.Token != "" {
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

// After a 5xx the operator may ask for the offline check, for a few minutes, and only
// for the user name the backend failed for.
func TestOfflineOnRequestAfterBackendFailed(t *testing.T) {
	ctx := context.Background()
	b, clk, vals := newBackend(), newClocks(), accesstest.NewValues()
	s := access.NewService(ctx, clk.config(b, vals))
	if _, err := s.Login(ctx, "ana", "secret", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoginOffline(ctx, "ana", "secret"); !errors.Is(err, access.ErrOfflineNotOffered) {
		t.Fatalf("offline on request while the backend works: %v", err)
	}
	b.fail = errFailing
	if _, err := s.Login(ctx, "ana", "secret", ""); !errors.Is(err, access.ErrBackendFailing) {
		t.Fatalf("5xx: %v", err)
	}
	if _, err := s.LoginOffline(ctx, "bob", "secret"); !errors.Is(err, access.ErrOfflineNotOffered) {
		t.Fatalf("offline for another user name: %v", err)
	}
	if _, err := s.LoginOffline(ctx, "ana", "wrong"); !errors.Is(err, access.ErrBadCredentials) {
		t.Fatalf("offline on request, wrong password: %v", err)
	}
	if op, err := s.LoginOffline(ctx, "ana", "secret"); err != nil || !op.Offline {
		t.Fatalf("offline on request = %+v, %v", op, err)
	}
	clk.advance(6 * time.Minute)
	if _, err := s.LoginOffline(ctx, "ana", "secret"); !errors.Is(err, access.ErrOfflineNotOffered) {
		t.Fatalf("offline on request long after the 5xx: %v", err)
	}
}

func TestMFAOnline(t *testing.T) {
	ctx := context.Background()
	b, clk := newBackend(), newClocks()
	s := access.NewService(ctx, clk.config(b, accesstest.NewValues()))
	if _, err := s.Login(ctx, "mfa", "secret", ""); !errors.Is(err, access.ErrMFARequired) {
		t.Fatalf("MFA user without code: %v", err)
	}
	if op, err := s.Login(ctx, "mfa", "secret", "123456"); err != nil || op.ID != "mfa" {
		t.Fatalf("MFA login: %v", err)
	}
	if err := s.Unlock(ctx, "secret"); err != nil {
		t.Fatalf("the MFA operator unlocks their own session: %v", err)
	}
}

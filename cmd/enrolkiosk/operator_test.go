package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

// fakeDevice supplies the identity headers.
type fakeDevice struct{}

func (fakeDevice) InstallationID() string              { return "inst-test" }
func (fakeDevice) Fingerprint() string                 { return "fp-test" }
func (fakeDevice) Location(ctx context.Context) string { return "" }

// The app's wiring reaches the sandbox's /v1/auth through sync/auth's client; access's
// tests cover MFA and the offline fallback.
func TestOperatorAuthAgainstSandbox(t *testing.T) {
	ctx := context.Background()
	srv, err := sandbox.New(ctx, sandbox.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	a, err := newOperatorAuth(ts.URL, sandbox.DemoAPIKey, "EnrolKiosk/test", fakeDevice{})
	if err != nil {
		t.Fatal(err)
	}
	op, err := a.Login(ctx, "user@example.com", "SecurePassword123!", "")
	if err != nil || op.ID != "user@example.com" || op.Name != "John Doe" || op.Session.Token == "" {
		t.Fatalf("login = %+v, %v", op, err)
	}
	if _, err := a.Login(ctx, "user@example.com", "wrong", ""); !errors.Is(err, access.ErrBadCredentials) || access.BackendMessage(err) != "Invalid credentials" {
		t.Fatalf("wrong password: %v", err)
	}

	ts.Close()
	if _, err := a.Login(ctx, "user@example.com", "SecurePassword123!", ""); !errors.Is(err, access.ErrUnreachable) {
		t.Fatalf("backend down: %v", err)
	}
}

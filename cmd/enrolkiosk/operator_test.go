package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/ui/login"
)

// fakeDevice supplies the identity headers.
type fakeDevice struct{}

func (fakeDevice) InstallationID() string              { return "inst-test" }
func (fakeDevice) Fingerprint() string                 { return "fp-test" }
func (fakeDevice) Location(ctx context.Context) string { return "" }

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
	if err != nil || op.ID != "user@example.com" || op.Name != "John Doe" {
		t.Fatalf("login = %+v, %v", op, err)
	}
	if _, err := a.Login(ctx, "user@example.com", "wrong", ""); !errors.Is(err, login.ErrBadCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := a.Login(ctx, "mfa@example.com", "SecurePassword123!", ""); !errors.Is(err, login.ErrMFARequired) {
		t.Fatalf("MFA user without a code: %v", err)
	}
	if _, err := a.Login(ctx, "mfa@example.com", "SecurePassword123!", "000000"); !errors.Is(err, login.ErrBadCredentials) {
		t.Fatalf("MFA user with a wrong code: %v", err)
	}
	code, err := totp.GenerateCode(sandbox.DemoTOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if op, err := a.Login(ctx, "mfa@example.com", "SecurePassword123!", code); err != nil || op.Name != "MFA Operator" {
		t.Fatalf("MFA login = %+v, %v", op, err)
	}

	ts.Close()
	if _, err := a.Login(ctx, "user@example.com", "SecurePassword123!", ""); !errors.Is(err, login.ErrUnreachable) {
		t.Fatalf("backend down: %v", err)
	}
}

package access_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

func TestServiceAgainstSandbox(t *testing.T) {
	ctx := context.Background()
	b, ts := accesstest.Sandbox(t)
	var logs bytes.Buffer
	vals := accesstest.NewValues()
	s := access.NewService(ctx, access.Config{Online: b, Values: vals, MaxFailures: 3, Params: cheap,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})

	op, err := s.Login(ctx, "user@example.com", "SecurePassword123!", "")
	if err != nil || op.Offline || op.ID != "user@example.com" || op.Name != "John Doe" {
		t.Fatalf("online login = %+v, %v", op, err)
	}
	tok := op.Session.Token
	if tok == "" || !slices.Equal(op.Session.Roles, []string{"operator"}) || op.Session.Expires.Before(time.Now()) {
		t.Fatalf("the session was not kept: %v", op.Session)
	}

	_, err = s.Login(ctx, "user@example.com", "wrong", "")
	if !errors.Is(err, access.ErrBadCredentials) || access.BackendMessage(err) != "Invalid credentials" {
		t.Fatalf("wrong password: %v (backend said %q)", err, access.BackendMessage(err))
	}
	if _, err := s.Login(ctx, "mfa@example.com", "SecurePassword123!", ""); !errors.Is(err, access.ErrMFARequired) {
		t.Fatalf("MFA user without a code: %v", err)
	}
	_, err = s.Login(ctx, "mfa@example.com", "SecurePassword123!", "000000")
	if !errors.Is(err, access.ErrBadCredentials) || !strings.HasPrefix(access.BackendMessage(err), "Invalid MFA code") {
		t.Fatalf("wrong MFA code: %v (backend said %q)", err, access.BackendMessage(err))
	}
	code, err := totp.GenerateCode(sandbox.DemoTOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if op, err := s.Login(ctx, "mfa@example.com", "SecurePassword123!", code); err != nil || op.Name != "MFA Operator" ||
		!slices.Equal(op.Session.Roles, []string{"RAO"}) {
		t.Fatalf("MFA login = %+v, %v", op, err)
	}

	ts.Close() // the backend goes away: the verifier from the online login lets the operator in
	op, err = s.Login(ctx, "user@example.com", "SecurePassword123!", "")
	if err != nil || !op.Offline || op.Name != "John Doe" || op.Session.Token != "" {
		t.Fatalf("offline login = %+v, %v", op, err)
	}
	if _, err := s.Login(ctx, "nobody@example.com", "x", ""); !errors.Is(err, access.ErrNoOfflineLogin) {
		t.Fatalf("unknown operator offline: %v", err)
	}

	for name, v := range vals.All() {
		if bytes.Contains(v, []byte(tok)) || bytes.Contains(v, []byte("SecurePassword123!")) {
			t.Errorf("value %s holds the token or the password", name)
		}
	}
	if strings.Contains(logs.String(), tok) || strings.Contains(logs.String(), "SecurePassword123!") {
		t.Errorf("the log shows the token or the password:\n%s", logs.String())
	}
}

func TestBackendWordsUnreachable(t *testing.T) {
	b, ts := accesstest.Sandbox(t)
	ts.Close()
	_, err := b.Login(context.Background(), "user@example.com", "SecurePassword123!", "")
	if !errors.Is(err, access.ErrUnreachable) || errors.Is(err, access.ErrBadCredentials) || access.BackendMessage(err) != "" {
		t.Fatalf("backend down: %v", err)
	}
}

package access

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// testDevice supplies the identity headers.
type testDevice struct{}

func (testDevice) InstallationID() string          { return "inst-test" }
func (testDevice) Fingerprint() string             { return "fp-test" }
func (testDevice) Location(context.Context) string { return "" }

// sandboxBackend starts the sandbox in process and returns the online login against its
// /v1/auth, and the server to close when the test wants the backend gone.
func sandboxBackend(t *testing.T) (*Backend, *httptest.Server) {
	t.Helper()
	srv, err := sandbox.New(context.Background(), sandbox.Options{DataDir: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	c, err := api.New(api.Options{BaseURL: ts.URL, UserAgent: "EnrolKiosk/test", Device: testDevice{},
		Retry: retry.Policy{Base: time.Millisecond, Cap: 5 * time.Millisecond, MaxAttempts: 2}})
	if err != nil {
		t.Fatal(err)
	}
	return &Backend{Client: &auth.Signula{Doer: c, APIKey: sandbox.DemoAPIKey}}, ts
}

func TestServiceAgainstSandbox(t *testing.T) {
	ctx := context.Background()
	b, ts := sandboxBackend(t)
	var logs bytes.Buffer
	vals := &memValues{m: map[string][]byte{}}
	s := NewService(ctx, Config{Online: b, Values: vals, MaxFailures: 3, Params: cheap,
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
	if !errors.Is(err, ErrBadCredentials) || BackendMessage(err) != "Invalid credentials" {
		t.Fatalf("wrong password: %v (backend said %q)", err, BackendMessage(err))
	}
	if _, err := s.Login(ctx, "mfa@example.com", "SecurePassword123!", ""); !errors.Is(err, ErrMFARequired) {
		t.Fatalf("MFA user without a code: %v", err)
	}
	_, err = s.Login(ctx, "mfa@example.com", "SecurePassword123!", "000000")
	if !errors.Is(err, ErrBadCredentials) || !strings.HasPrefix(BackendMessage(err), "Invalid MFA code") {
		t.Fatalf("wrong MFA code: %v (backend said %q)", err, BackendMessage(err))
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
	if _, err := s.Login(ctx, "nobody@example.com", "x", ""); !errors.Is(err, ErrNoOfflineLogin) {
		t.Fatalf("unknown operator offline: %v", err)
	}

	for name, v := range vals.m {
		if bytes.Contains(v, []byte(tok)) || bytes.Contains(v, []byte("SecurePassword123!")) {
			t.Errorf("value %s holds the token or the password", name)
		}
	}
	if strings.Contains(logs.String(), tok) || strings.Contains(logs.String(), "SecurePassword123!") {
		t.Errorf("the log shows the token or the password:\n%s", logs.String())
	}
}

func TestBackendWordsUnreachable(t *testing.T) {
	b, ts := sandboxBackend(t)
	ts.Close()
	_, err := b.Login(context.Background(), "user@example.com", "SecurePassword123!", "")
	if !errors.Is(err, ErrUnreachable) || errors.Is(err, ErrBadCredentials) || BackendMessage(err) != "" {
		t.Fatalf("backend down: %v", err)
	}
}

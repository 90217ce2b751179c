package access_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
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

// classifyBackend is the program's online login against a server that answers every
// call with status (and header), with one attempt and no retry, as cmd/enrolkiosk builds it.
func classifyBackend(t *testing.T, base string) *access.Backend {
	t.Helper()
	c, err := api.New(api.Options{BaseURL: base, UserAgent: "EnrolKiosk/test", Timeout: time.Second,
		Retry: retry.Policy{Base: time.Millisecond, Cap: time.Millisecond, MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return &access.Backend{Client: &auth.Signula{Doer: c, APIKey: "k"}}
}

// Only a backend that cannot be reached is ErrUnreachable (the one case the offline
// check runs by itself); every answer it gave is something else.
func TestBackendClassifiesFailures(t *testing.T) {
	answer := func(status int, header ...string) string {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i+1 < len(header); i += 2 {
				w.Header().Set(header[i], header[i+1])
			}
			w.WriteHeader(status)
			io.WriteString(w, `{"success":false,"message":"nope"}`)
		}))
		t.Cleanup(ts.Close)
		return ts.URL
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	hang := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	t.Cleanup(func() { close(hang); slow.Close() })

	for _, tc := range []struct {
		name string
		base string
		want error
		not  error
	}{
		{"401", answer(http.StatusUnauthorized), access.ErrBadCredentials, access.ErrUnreachable},
		{"403", answer(http.StatusForbidden), access.ErrBadCredentials, access.ErrUnreachable},
		{"404", answer(http.StatusNotFound), access.ErrRejected, access.ErrUnreachable},
		{"429", answer(http.StatusTooManyRequests, "Retry-After", "120"), access.ErrRateLimited, access.ErrUnreachable},
		{"500", answer(http.StatusInternalServerError), access.ErrBackendFailing, access.ErrUnreachable},
		{"503", answer(http.StatusServiceUnavailable, "Retry-After", "5"), access.ErrBackendFailing, access.ErrUnreachable},
		{"200 of unknown shape", answer(http.StatusOK), access.ErrRejected, access.ErrUnreachable},
		{"connection refused", closed.URL, access.ErrUnreachable, nil},
		{"DNS", "https://no-such-host.invalid", access.ErrUnreachable, nil},
		{"timeout", slow.URL, access.ErrUnreachable, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			_, err := classifyBackend(t, tc.base).Login(ctx, "ana", "secret", "")
			if !errors.Is(err, tc.want) || (tc.not != nil && errors.Is(err, tc.not)) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var re *access.RetryError
			if tc.name == "429" {
				if !errors.As(err, &re) || time.Until(re.At) < 100*time.Second || time.Until(re.At) > 200*time.Second {
					t.Fatalf("429 says try again at %v, want in about 2 minutes", re)
				}
			}
		})
	}
}

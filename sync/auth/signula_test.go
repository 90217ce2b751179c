package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
)

const demoPassword = "SecurePassword123!"

func TestSignulaSessionAgainstSandbox(t *testing.T) {
	now := time.Now()
	_, url := sandboxtest.Sandbox(t, sandbox.Options{TokenTTL: time.Hour})
	raw := sandboxtest.Client(t, url, "inst-1", nil)
	cl := &auth.Signula{Doer: raw, APIKey: sandbox.DemoAPIKey}
	code, err := totp.GenerateCode(sandbox.DemoTOTPSecret, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		cr    auth.Credentials
		user  string
		roles []string
	}{
		{"no MFA", auth.Credentials{Username: "user@example.com", Password: demoPassword}, "John Doe", []string{"operator"}},
		{"typed code", auth.Credentials{Username: "mfa@example.com", Password: demoPassword, Code: code}, "MFA Operator", []string{"RAO"}},
		{"TOTP secret", auth.Credentials{Username: "mfa@example.com", Password: demoPassword, TOTPSecret: sandbox.DemoTOTPSecret}, "MFA Operator", []string{"RAO"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := cl.Login(context.Background(), tc.cr)
			if err != nil {
				t.Fatal(err)
			}
			if s.Token == "" || s.DisplayName != tc.user || !slices.Equal(s.Roles, tc.roles) || s.Email != tc.cr.Username {
				t.Fatalf("session %v (%s)", s, s.DisplayName)
			}
			if want := tc.name != "no MFA"; s.MFA != want {
				t.Errorf("MFA = %v, want %v", s.MFA, want)
			}
			if d := s.Expires.Sub(now); d < 59*time.Minute || d > 61*time.Minute {
				t.Errorf("expires in %v, want the sandbox's 1h", d)
			}
			// The token is kept for later calls on the operator's behalf.
			b := &auth.Bearer{Login: func(context.Context) (string, time.Time, error) { return s.Token, s.Expires, nil }}
			c := sandboxtest.Client(t, url, "inst-1", func(o *api.Options) { o.Auth = b })
			if _, err := c.Do(context.Background(), api.Request{Method: http.MethodGet, Path: "/v1/user/profile",
				Header: http.Header{"X-Api-Key": {sandbox.DemoAPIKey}}}); err != nil {
				t.Errorf("the session's token is refused: %v", err)
			}
		})
	}
}

func TestSignulaRefusalsCarryTheBackendsMessage(t *testing.T) {
	_, url := sandboxtest.Sandbox(t, sandbox.Options{})
	cl := &auth.Signula{Doer: sandboxtest.Client(t, url, "inst-1", nil), APIKey: sandbox.DemoAPIKey}
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		cr   auth.Credentials
		want string
	}{
		{"wrong password", auth.Credentials{Username: "user@example.com", Password: "wrong"}, "Invalid credentials"},
		{"wrong MFA code", auth.Credentials{Username: "mfa@example.com", Password: demoPassword, Code: "000000"}, "Invalid MFA code"},
	} {
		_, err := cl.Login(ctx, tc.cr)
		var re *auth.RefusedError
		if !errors.As(err, &re) || !errors.Is(err, auth.ErrRefused) || !errors.Is(err, api.ErrAuth) {
			t.Fatalf("%s: %v, want a RefusedError that is also api.ErrAuth", tc.name, err)
		}
		if !strings.HasPrefix(re.Message, tc.want) {
			t.Errorf("%s: backend message %q, want %q...", tc.name, re.Message, tc.want)
		}
	}
	_, err := cl.Login(ctx, auth.Credentials{Username: "mfa@example.com", Password: demoPassword})
	if !errors.Is(err, auth.ErrMFARequired) || !errors.Is(err, auth.ErrNoCredentials) || errors.Is(err, auth.ErrRefused) {
		t.Errorf("MFA without a code or a secret: %v", err)
	}
	if _, err := cl.Login(ctx, auth.Credentials{Username: "user@example.com"}); !errors.Is(err, auth.ErrNoCredentials) {
		t.Errorf("no password: %v", err)
	}
}

// vendor answers every call with a fixture of testdata/signula and a status.
func vendor(t *testing.T, fixture string, status int) *auth.Signula {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "signula", fixture))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") != "k" {
			t.Errorf("%s without the partner key", r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(b)
	}))
	t.Cleanup(hs.Close)
	return &auth.Signula{Doer: sandboxtest.Client(t, hs.URL, "inst-1", nil), APIKey: "k"}
}

// The vendor's own examples (seeds/001): errors[] reaches the caller; a numeric userID is read.
func TestSignulaVendorExamples(t *testing.T) {
	ctx := context.Background()
	cr := auth.Credentials{Username: "user@example.com", Password: demoPassword}
	_, err := vendor(t, "refused.json", http.StatusUnauthorized).Login(ctx, cr)
	var re *auth.RefusedError
	if !errors.As(err, &re) || re.Message != "Invalid credentials; password: The password is incorrect" {
		t.Fatalf("refusal %v", err)
	}
	s, err := vendor(t, "login.json", http.StatusOK).Login(ctx, cr)
	if err != nil || s.UserID != "42" || s.Roles != nil || !s.Expires.Equal(time.Unix(1700000000, 0)) {
		t.Fatalf("session %v, %v", s, err)
	}
	if _, err := vendor(t, "refused.json", http.StatusOK).Login(ctx, cr); !errors.Is(err, auth.ErrAnswer) || errors.Is(err, auth.ErrRefused) {
		t.Errorf("success:false with 200: %v", err)
	}
}

func TestSignulaUnreachable(t *testing.T) {
	hs := httptest.NewServer(http.NotFoundHandler())
	hs.Close()
	cl := &auth.Signula{Doer: sandboxtest.Client(t, hs.URL, "inst-1", func(o *api.Options) { o.Retry.MaxAttempts = 1 }), APIKey: "k"}
	_, err := cl.Login(context.Background(), auth.Credentials{Username: "a", Password: "b"})
	if !errors.Is(err, api.ErrUnavailable) || errors.Is(err, auth.ErrRefused) {
		t.Errorf("closed server: %v", err)
	}
}

func TestSessionNeverShowsItsToken(t *testing.T) {
	const tok = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2ln"
	s := auth.Session{Token: tok, UserID: "user", Roles: []string{"RAO"}, Expires: time.Unix(1e9, 0)}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("login", "session", s)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("login", "session", s)
	js, _ := json.Marshal(struct{ S auth.Session }{s})
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%+v %#v %s", s, s, s), fmt.Sprintf("%+v", struct{ S auth.Session }{s}), logged.String(), string(js)} {
		if strings.Contains(out, tok) || strings.Contains(out, "c2VjcmV0") {
			t.Errorf("the token shows in %s", out)
		}
	}
	if !strings.Contains(logged.String(), "RAO") {
		t.Errorf("the log lost the roles: %s", logged.String())
	}
}

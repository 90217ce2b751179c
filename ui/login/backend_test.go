package login

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// memValues keeps values in memory.
type memValues struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (v *memValues) Value(_ context.Context, name string) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	b, ok := v.m[name]
	if !ok {
		return nil, errors.New("not found")
	}
	return b, nil
}

func (v *memValues) PutValue(_ context.Context, name string, b []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.m[name] = b
	return nil
}

// testDevice supplies the identity headers.
type testDevice struct{}

func (testDevice) InstallationID() string          { return "inst-test" }
func (testDevice) Fingerprint() string             { return "fp-test" }
func (testDevice) Location(context.Context) string { return "" }

// sandboxLogin is the program's login against the sandbox's /v1/auth, in process.
func sandboxLogin(t *testing.T) *access.Service {
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
	online := &access.Backend{Client: &auth.Signula{Doer: c, APIKey: sandbox.DemoAPIKey}}
	return access.NewService(context.Background(), access.Config{Online: online, Values: &memValues{m: map[string][]byte{}},
		MaxFailures: 5, Params: access.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
}

// The backend's own words for a refusal reach the screen, not a generic text.
func TestScreenShowsTheBackendsMessage(t *testing.T) {
	test.NewTempApp(t)
	var got access.Operator
	scr := NewScreen(sandboxLogin(t), func(op access.Operator) { got = op })
	win := test.NewTempWindow(t, scr.Object())
	win.Resize(fyne.NewSize(800, 600))

	test.Type(scr.user, "user@example.com")
	test.Type(scr.pass, "wrong")
	attempt(scr)
	if scr.message.Text != "Invalid credentials" {
		t.Fatalf("wrong password shows %q, want the sandbox's %q", scr.message.Text, "Invalid credentials")
	}

	scr.Reset()
	test.Type(scr.user, "mfa@example.com")
	test.Type(scr.pass, "SecurePassword123!")
	attempt(scr)
	if !scr.codeRow.Visible() || scr.message.Text != access.ErrMFARequired.Error() {
		t.Fatalf("no code field: %q", scr.message.Text)
	}
	test.Type(scr.pass, "SecurePassword123!")
	test.Type(scr.code, "000000")
	attempt(scr)
	if !strings.HasPrefix(scr.message.Text, "Invalid MFA code") || !scr.codeRow.Visible() || scr.code.Text != "" {
		t.Fatalf("wrong MFA code shows %q (code field visible %v, holding %q)", scr.message.Text, scr.codeRow.Visible(), scr.code.Text)
	}

	code, err := totp.GenerateCode(sandbox.DemoTOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	test.Type(scr.pass, "SecurePassword123!")
	test.Type(scr.code, code)
	attempt(scr)
	if got.Name != "MFA Operator" || got.Session.Token == "" || scr.message.Text != "" {
		t.Fatalf("logged in as %q (token kept %v), message %q", got.Name, got.Session.Token != "", scr.message.Text)
	}
}

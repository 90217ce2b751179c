package login

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

// sandboxLogin is the program's login against the sandbox's /v1/auth, in process.
func sandboxLogin(t *testing.T) *access.Service {
	online, _ := accesstest.Sandbox(t)
	return access.NewService(context.Background(), access.Config{Online: online, Values: accesstest.NewValues(),
		MaxFailures: 5, Params: accesstest.Params()})
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

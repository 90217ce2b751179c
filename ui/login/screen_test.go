package login

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/access"
)

// fakeAuth is a hand-written Authenticator: fn decides each login.
type fakeAuth struct {
	fn func(user, password, code string) (access.Operator, error)
}

func (f fakeAuth) Login(_ context.Context, user, password, code string) (access.Operator, error) {
	return f.fn(user, password, code)
}

// attempt submits what the fields hold and waits for the answer on screen.
func attempt(scr *Screen) {
	done := make(chan struct{})
	scr.done = func() { close(done) }
	scr.Submit()
	<-done
}

func TestScreenAsksForCode(t *testing.T) {
	test.NewTempApp(t)
	auth := fakeAuth{fn: func(user, password, code string) (access.Operator, error) {
		switch {
		case user == "mfa" && password == "secret" && code == "":
			return access.Operator{}, access.ErrMFARequired
		case user == "mfa" && password == "secret" && code == "123456":
			return access.Operator{ID: "mfa", Name: "M"}, nil
		}
		return access.Operator{}, access.ErrBadCredentials
	}}
	var got access.Operator
	scr := NewScreen(auth, func(op access.Operator) { got = op })
	win := test.NewTempWindow(t, scr.Object())
	win.Resize(fyne.NewSize(800, 600))
	test.Type(scr.user, "mfa")
	test.Type(scr.pass, "secret")
	attempt(scr)
	if !scr.codeRow.Visible() || scr.message.Text != access.ErrMFARequired.Error() {
		t.Fatalf("no code field: %q", scr.message.Text)
	}
	test.AssertRendersToMarkup(t, "login_mfa.xml", win.Canvas())
	test.Type(scr.pass, "secret")
	test.Type(scr.code, "123456")
	attempt(scr)
	if got.ID != "mfa" || scr.user.Text != "" {
		t.Fatalf("logged in as %+v; fields left %q", got, scr.user.Text)
	}
}

func TestScreenHint(t *testing.T) {
	test.NewTempApp(t)
	s := NewScreen(nil, func(access.Operator) {})
	test.NewTempWindow(t, s.Object())
	if s.hint.Visible() {
		t.Fatal("a hint shows before one is set")
	}
	s.SetHint("Demo mode: log in as 9001800")
	if !s.hint.Visible() || s.hint.Text != "Demo mode: log in as 9001800" {
		t.Fatalf("hint %q visible=%v", s.hint.Text, s.hint.Visible())
	}
	s.SetHint("")
	if s.hint.Visible() {
		t.Fatal("an empty hint still shows")
	}
}

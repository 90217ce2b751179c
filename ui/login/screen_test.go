package login

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/access"
)

// fakeAuth is a hand-written Authenticator: fn decides each login, offline each offline
// login asked for.
type fakeAuth struct {
	fn      func(user, password, code string) (access.Operator, error)
	offline func(user, password string) (access.Operator, error)
}

func (f fakeAuth) Login(_ context.Context, user, password, code string) (access.Operator, error) {
	return f.fn(user, password, code)
}

func (f fakeAuth) LoginOffline(_ context.Context, user, password string) (access.Operator, error) {
	if f.offline == nil {
		return access.Operator{}, access.ErrOfflineNotOffered
	}
	return f.offline(user, password)
}

// attemptOffline asks for the offline check and waits for the answer on screen.
func attemptOffline(scr *Screen) {
	done := make(chan struct{})
	scr.done = func() { close(done) }
	test.Tap(scr.offline)
	<-done
}

// A 5xx offers the offline check and nothing more: it runs when the operator taps it.
func TestScreenOffersOfflineAfterBackendFailed(t *testing.T) {
	test.NewTempApp(t)
	offline := 0
	auth := fakeAuth{
		fn: func(string, string, string) (access.Operator, error) {
			return access.Operator{}, access.ErrBackendFailing
		},
		offline: func(user, password string) (access.Operator, error) {
			offline++
			return access.Operator{ID: user, Offline: true}, nil
		},
	}
	var got access.Operator
	scr := NewScreen(auth, func(op access.Operator) { got = op })
	test.NewTempWindow(t, scr.Object())
	if scr.offline.Visible() {
		t.Fatal("the offline check is offered before the backend failed")
	}
	test.Type(scr.user, "ana")
	test.Type(scr.pass, "secret")
	attempt(scr)
	if got.ID != "" || offline != 0 || !scr.offline.Visible() || scr.message.Text != access.ErrBackendFailing.Error() {
		t.Fatalf("after a 5xx: logged in %q, %d offline checks, offered %v, message %q", got.ID, offline, scr.offline.Visible(), scr.message.Text)
	}
	test.Type(scr.pass, "secret")
	attemptOffline(scr)
	if got.ID != "ana" || !got.Offline || offline != 1 || scr.offline.Visible() {
		t.Fatalf("offline on request: %+v, %d checks, still offered %v", got, offline, scr.offline.Visible())
	}
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

// A 429 says when to try again; a lockout says when it ends.
func TestScreenSaysWhenToRetry(t *testing.T) {
	test.NewTempApp(t)
	at := time.Date(2026, 12, 1, 10, 42, 0, 0, time.Local)
	var answer error = &access.RetryError{At: at, Err: errors.New("HTTP 429")}
	auth := fakeAuth{fn: func(string, string, string) (access.Operator, error) { return access.Operator{}, answer }}
	scr := NewScreen(auth, func(access.Operator) {})
	test.NewTempWindow(t, scr.Object())
	test.Type(scr.user, "ana")
	test.Type(scr.pass, "secret")
	attempt(scr)
	if scr.message.Text != "The backend is receiving too many logins: try again at 10:42:00" || scr.offline.Visible() {
		t.Fatalf("429: %q (offline offered %v)", scr.message.Text, scr.offline.Visible())
	}
	answer = &access.LockedError{Wait: time.Minute}
	test.Type(scr.pass, "secret")
	attempt(scr)
	if !strings.HasPrefix(scr.message.Text, "Too many failed attempts: try again at ") {
		t.Fatalf("locked: %q", scr.message.Text)
	}
}

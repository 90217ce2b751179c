package login

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/access"
)

// loginTimeout bounds one login: the online call (with its retries) and the hashing.
const loginTimeout = 20 * time.Second

// Authenticator is what the screen asks; *access.Service implements it. Login returns
// access's errors: access.ErrMFARequired shows the code field, a refusal carries the
// backend's words (access.BackendMessage), and access.ErrBackendFailing offers the
// offline check, which LoginOffline runs when the operator asks for it.
type Authenticator interface {
	Login(ctx context.Context, user, password, code string) (access.Operator, error)
	LoginOffline(ctx context.Context, user, password string) (access.Operator, error)
}

var _ Authenticator = (*access.Service)(nil)

// Screen is the operator's login form. The MFA code field appears when the backend asks.
type Screen struct {
	auth       Authenticator
	onLogin    func(access.Operator)
	user, pass *widget.Entry
	code       *widget.Entry
	codeRow    fyne.CanvasObject
	button     *widget.Button
	offline    *widget.Button // shown after the backend failed: the operator asks for the offline check
	message    *widget.Label
	notice     *widget.Label
	hint       *widget.Label
	busy       bool
	object     fyne.CanvasObject
	// done, when set, runs after every attempt (tests).
	done func()
}

// NewScreen builds the login screen; onLogin runs on the UI goroutine after a success.
func NewScreen(auth Authenticator, onLogin func(access.Operator)) *Screen {
	s := &Screen{auth: auth, onLogin: onLogin, user: widget.NewEntry(), pass: widget.NewPasswordEntry(), code: widget.NewEntry()}
	s.user.SetPlaceHolder(lang.L("User name or e-mail"))
	s.code.SetPlaceHolder("123456")
	s.pass.OnSubmitted = func(string) { s.Submit() }
	s.code.OnSubmitted = func(string) { s.Submit() }
	s.button = widget.NewButtonWithIcon(lang.L("Log in"), theme.LoginIcon(), s.Submit)
	s.button.Importance = widget.HighImportance
	s.offline = widget.NewButtonWithIcon(lang.L("Log in offline"), theme.ComputerIcon(), s.SubmitOffline)
	s.offline.Hide()
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.DangerImportance
	s.notice = widget.NewLabel("")
	s.notice.Wrapping = fyne.TextWrapWord
	s.notice.Importance = widget.WarningImportance
	s.notice.Hide()
	s.hint = widget.NewLabel("")
	s.hint.Wrapping = fyne.TextWrapWord
	s.hint.Alignment = fyne.TextAlignCenter
	s.hint.Importance = widget.HighImportance
	s.hint.Hide()
	title := widget.NewLabelWithStyle(lang.L("Operator login"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	s.codeRow = container.NewVBox(widget.NewLabel(lang.L("Code")), s.code)
	s.codeRow.Hide()
	form := container.NewVBox(title, s.hint,
		widget.NewLabel(lang.L("User")), s.user,
		widget.NewLabel(lang.L("Password")), s.pass,
		s.codeRow, s.message, s.button, s.offline, s.notice)
	s.object = container.NewCenter(container.NewGridWrap(fyne.NewSize(420, form.MinSize().Height+120), form))
	return s
}

// Object returns the screen's canvas object.
func (s *Screen) Object() fyne.CanvasObject { return s.object }

// Focus puts the cursor in the first empty field of c's window.
func (s *Screen) Focus(c fyne.Canvas) {
	if c != nil {
		c.Focus(s.user)
	}
}

// SetNotice shows text under the form (for example why the configuration was refused,
// which only the file's owner can fix); empty hides it.
func (s *Screen) SetNotice(text string) {
	s.notice.SetText(text)
	s.notice.Hidden = text == ""
	s.object.Refresh()
}

// SetHint shows a line under the title (the demo operator's credentials in demo mode);
// empty hides it.
func (s *Screen) SetHint(text string) {
	s.hint.SetText(text)
	s.hint.Hidden = text == ""
	s.object.Refresh()
}

// Reset clears every field (after a login, or when the screen locks).
func (s *Screen) Reset() {
	s.user.SetText("")
	s.pass.SetText("")
	s.code.SetText("")
	s.codeRow.Hide()
	s.offline.Hide()
	s.message.SetText("")
}

// Submit tries to log in with what the fields hold.
func (s *Screen) Submit() {
	user, pass, code := s.user.Text, s.pass.Text, s.code.Text
	s.run(func(ctx context.Context) (access.Operator, error) { return s.auth.Login(ctx, user, pass, code) })
}

// SubmitOffline checks what the fields hold against the offline verifier: the operator
// asks for it after the backend failed.
func (s *Screen) SubmitOffline() {
	user, pass := s.user.Text, s.pass.Text
	s.run(func(ctx context.Context) (access.Operator, error) { return s.auth.LoginOffline(ctx, user, pass) })
}

// run makes one login attempt off the UI goroutine and shows its answer.
func (s *Screen) run(login func(context.Context) (access.Operator, error)) {
	if s.busy {
		return
	}
	s.busy = true
	s.button.Disable()
	s.offline.Disable()
	s.message.SetText("")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), loginTimeout)
		defer cancel()
		op, err := login(ctx)
		fyne.Do(func() { s.finish(op, err) })
	}()
}

func (s *Screen) finish(op access.Operator, err error) {
	if s.done != nil {
		defer s.done()
	}
	s.busy = false
	s.button.Enable()
	s.offline.Enable()
	s.offline.Hidden = !errors.Is(err, access.ErrBackendFailing)
	s.object.Refresh()
	if err == nil {
		s.Reset()
		s.onLogin(op)
		return
	}
	if errors.Is(err, access.ErrMFARequired) {
		s.codeRow.Show()
		s.object.Refresh()
	}
	s.message.SetText(message(err))
	s.pass.SetText("")
	if s.codeRow.Visible() && !errors.Is(err, access.ErrMFARequired) {
		s.code.SetText("")
	}
}

// message words err for the operator: the backend's own words when it refused the
// login, else the error's text in the operator's language.
func message(err error) string {
	var le *access.LockedError
	if errors.As(err, &le) {
		return lang.L("Too many failed attempts: try again at {{.When}}",
			map[string]any{"When": time.Now().Add(le.Wait).Local().Format(time.TimeOnly)})
	}
	var re *access.RetryError
	if errors.As(err, &re) && !re.At.IsZero() {
		return lang.L("The backend is receiving too many logins: try again at {{.When}}",
			map[string]any{"When": re.At.Local().Format(time.TimeOnly)})
	}
	if m := access.BackendMessage(err); m != "" {
		return m
	}
	for _, e := range []error{access.ErrMFARequired, access.ErrBadCredentials, access.ErrNoOfflineLogin,
		access.ErrRateLimited, access.ErrBackendFailing, access.ErrRejected, access.ErrOfflineExpired,
		access.ErrOfflineMFA, access.ErrOfflineNotOffered} {
		if errors.Is(err, e) {
			return lang.L(e.Error())
		}
	}
	return lang.L("Login failed:") + " " + err.Error()
}

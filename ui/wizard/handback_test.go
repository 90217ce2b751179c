package wizard

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/ui/internal/uitest"
)

// errWrongPassword is what the fake Unlock answers to anything but the operator's password.
var errWrongPassword = errors.New("wrong password")

// TestHandBackNeedsTheOperatorsPassword walks to the pad, signs and accepts: the customer
// sees only the hand-back screen, nothing is sealed, the checklist stays out of reach and
// no customer data is on screen until the operator's password is given.
func TestHandBackNeedsTheOperatorsPassword(t *testing.T) {
	w, fs, win := newTestWizard(t, "signal")
	var tried []string
	w.opts.Unlock = func(_ context.Context, pw string) error {
		tried = append(tried, pw)
		if pw != "op-secret" {
			return errWrongPassword
		}
		return nil
	}
	w.opts.Window = win
	// As the shell does: the presented screen is alone in the window.
	w.opts.Present = func(obj fyne.CanvasObject) func() {
		win.SetContent(obj)
		return func() { win.SetContent(w.Object()) }
	}
	jpg := testJPEG(t)
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.steps[1].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[2].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[3].(*selfieStep).setStill(jpg, nil)
	w.Next()
	w.steps[4].(*termsStep).accept.SetChecked(true)
	w.Next()
	sig := w.steps[5].(*signatureStep)
	sig.open()
	sign(sig.signer)
	sig.signer.accept()

	shown := func() string {
		var b strings.Builder
		for _, s := range texts(win.Canvas().Content()) {
			b.WriteString(s + "\n")
		}
		return b.String()
	}
	if win.Canvas().Focused() != nil {
		t.Errorf("%v has the focus on the hand-back screen the customer still holds", win.Canvas().Focused())
	}
	onScreen := shown()
	if !w.HandingBack() || !strings.Contains(onScreen, "Thank you, please hand the screen back") {
		t.Fatalf("Accept did not show the hand-back screen; the screen shows:\n%s", onScreen)
	}
	for _, private := range []string{"Ana", "Pérez", "1710034065", "Operator checklist", "I have seen the original identity document"} {
		if strings.Contains(onScreen, private) {
			t.Errorf("the hand-back screen shows %q", private)
		}
	}
	// Next, Back and a wrong password change nothing.
	w.Next()
	w.Back()
	test.Type(sig.back.password, "guess")
	test.Tap(sig.back.unlock)
	if !w.HandingBack() || w.StepIndex() != 5 || sig.back.errText.Text == "" || sig.back.password.Text != "" {
		t.Fatalf("a wrong password left the hand-back screen (step %d, %q)", w.StepIndex(), sig.back.errText.Text)
	}
	if len(fs.sealed) != 0 {
		t.Fatal("something was sealed before the operator came back")
	}
	if strings.Contains(shown(), "Ana") {
		t.Fatal("a wrong password showed the customer's data")
	}

	test.Type(sig.back.password, "op-secret")
	sig.back.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if w.HandingBack() || w.Signing() || w.StepIndex() != 6 {
		t.Fatalf("the operator's password did not give the checklist back (step %d)", w.StepIndex())
	}
	if len(tried) != 2 || w.Draft().Signature == nil || len(fs.sealed) != 0 {
		t.Fatalf("tried %q, signature kept %v, sealed %d", tried, w.Draft().Signature != nil, len(fs.sealed))
	}
}

// texts lists the texts of the visible widgets under o.
func texts(o fyne.CanvasObject) []string { return uitest.Texts(o) }

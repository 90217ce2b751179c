package wizard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/ui/layouts"
)

// handbackView is what the customer sees after Accept: a thank-you and a request to hand
// the screen back. It holds no customer data, and only the operator's password (checked
// by Options.Unlock, the check the signer's Operator button uses) leaves it; until then the
// checklist, the queue and the settings stay out of reach.
type handbackView struct {
	w        *Wizard
	password *widget.Entry
	unlock   *widget.Button
	errText  *widget.Label
	object   fyne.CanvasObject
	onBack   func() // the operator has the screen again
}

func newHandbackView(w *Wizard, onBack func()) *handbackView {
	v := &handbackView{w: w, onBack: onBack}
	title := widget.NewLabelWithStyle(lang.L("Thank you, please hand the screen back"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	title.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabelWithStyle(lang.L("Your signature is saved. The operator continues from here."), fyne.TextAlignCenter, fyne.TextStyle{})
	hint.Wrapping = fyne.TextWrapWord
	v.password = widget.NewPasswordEntry()
	v.password.SetPlaceHolder(lang.L("Operator password"))
	v.password.OnSubmitted = func(string) { v.tryUnlock() }
	v.password.OnChanged = func(string) { w.touch() }
	v.unlock = widget.NewButtonWithIcon(lang.L("Unlock"), theme.LoginIcon(), v.tryUnlock)
	v.unlock.Importance = widget.HighImportance
	v.errText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.errText.Importance = widget.DangerImportance
	v.errText.Wrapping = fyne.TextWrapWord
	form := container.NewBorder(nil, nil, nil, v.unlock, v.password)
	if w.opts.Unlock == nil {
		// No operator login is configured: there is no credential to ask for.
		v.password.Hide()
		v.unlock.SetText(lang.L("Continue"))
	}
	box := container.NewVBox(widget.NewIcon(theme.ConfirmIcon()), title, hint, widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Operator"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}), form, v.errText)
	v.object = container.NewCenter(container.New(layouts.AtLeastWide{Width: 560}, box))
	return v
}

// reset empties the password and the message before the view is shown.
func (v *handbackView) reset() {
	v.password.SetText("")
	v.errText.SetText("")
}

// tryUnlock checks the operator's password; a wrong one keeps the screen as it is.
func (v *handbackView) tryUnlock() {
	v.w.touch()
	if v.w.opts.Unlock != nil {
		ctx, cancel := unlockCtx()
		defer cancel()
		if err := v.w.opts.Unlock(ctx, v.password.Text); err != nil {
			v.password.SetText("")
			v.errText.SetText(lang.L("Wrong password: only the operator can continue."))
			return
		}
	}
	v.reset()
	v.onBack()
}

// handBack replaces the pad with the hand-back screen; the window stays the customer's
// (no tabs, no status bar) until the operator's password is given.
func (s *signatureStep) handBack() {
	if s.back == nil {
		s.back = newHandbackView(s.w, s.handedBack)
	}
	s.closeSigner()
	s.back.reset()
	s.restore = s.present(s.back.object)
	// The password field is not focused: the customer still holds the screen, and keys
	// they press must not end up in it.
	if c := s.w.canvas(); c != nil {
		c.Unfocus()
	}
}

// HandingBack reports whether the hand-back screen is up: the customer has signed and the
// operator has not yet given their password.
func (w *Wizard) HandingBack() bool {
	st, ok := w.steps[5].(*signatureStep)
	return ok && st.active && st.restore != nil
}

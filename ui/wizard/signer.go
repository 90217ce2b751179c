package wizard

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
)

// signerView is the customer's full-screen pad: the statement they sign, the pad, and
// Clear, Undo and Accept. Nothing else of the app is reachable from it.
type signerView struct {
	w         *Wizard
	pad       *signaturepad.Pad
	errText   *widget.Label
	statement *widget.Label
	object    fyne.CanvasObject
	restore   func()
	cancel    context.CancelFunc
	onAccept  func(signature.Signature)
	onLeave   func()
}

func newSignerView(w *Wizard, onAccept func(signature.Signature), onLeave func()) *signerView {
	v := &signerView{w: w, pad: signaturepad.New(signaturepad.Options{Now: w.opts.Now}), onAccept: onAccept, onLeave: onLeave}
	v.errText = widget.NewLabel("")
	v.errText.Importance = widget.DangerImportance
	v.errText.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(lang.L("Please sign in the box"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	v.statement = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.statement.Wrapping = fyne.TextWrapWord
	clear := widget.NewButtonWithIcon(lang.L("Clear"), theme.DeleteIcon(), func() { v.pad.Clear(); v.errText.SetText("") })
	undo := widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), v.pad.Undo)
	accept := widget.NewButtonWithIcon(lang.L("Accept"), theme.ConfirmIcon(), v.accept)
	accept.Importance = widget.HighImportance
	operator := widget.NewButtonWithIcon(lang.L("Operator"), theme.LoginIcon(), v.askOperator)
	operator.Importance = widget.LowImportance
	buttons := container.NewBorder(nil, nil, operator, container.NewHBox(clear, undo, accept), v.errText)
	v.object = container.NewBorder(container.NewVBox(title, v.statement), buttons, nil, nil, v.pad)
	return v
}

// reset prepares the screen for the customer of d: their statement and an empty pad.
func (v *signerView) reset(d *Draft) {
	name := strings.TrimSpace(d.Applicant.GivenName + " " + d.Applicant.Surname1 + " " + d.Applicant.Surname2)
	v.statement.SetText(lang.L("I, {{.Name}}, accept the terms (version {{.Version}}).",
		map[string]any{"Name": name, "Version": d.Acceptance.TermsVersion}))
	v.errText.SetText("")
	v.pad.Clear()
}

// attach connects the configured pen tablet, if any; the pad's pointer input is the default.
func (v *signerView) attach() {
	if v.w.opts.PenSource == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	src, err := v.w.opts.PenSource(ctx)
	if err != nil || src == nil {
		if err != nil {
			v.errText.SetText(lang.L("The pen tablet is not available; sign with the mouse or touch:") + " " + err.Error())
		}
		return
	}
	done := v.pad.Attach(ctx, src)
	go func() {
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			fyne.Do(func() { v.errText.SetText(lang.L("The pen tablet stopped:") + " " + err.Error()) })
		}
	}()
}

func (v *signerView) detach() {
	if v.cancel != nil {
		v.cancel()
	}
}

func (v *signerView) accept() {
	sig, err := v.pad.Accept()
	if err != nil {
		v.errText.SetText(lang.L(err.Error()))
		return
	}
	v.onAccept(sig)
}

// askOperator lets the operator take the screen back with their password.
func (v *signerView) askOperator() {
	if v.w.opts.Unlock == nil || v.w.opts.Window == nil {
		v.onLeave()
		return
	}
	pw := widget.NewPasswordEntry()
	dialog.ShowForm(lang.L("Operator"), lang.L("Unlock"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("Password"), pw)}, func(ok bool) {
			if !ok {
				return
			}
			ctx, cancel := unlockCtx()
			defer cancel()
			if err := v.w.opts.Unlock(ctx, pw.Text); err != nil {
				v.errText.SetText(lang.L("Wrong password: the pad stays with the customer."))
				return
			}
			v.onLeave()
		}, v.w.opts.Window)
}

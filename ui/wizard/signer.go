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
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
)

// signerView is the customer's full-screen pad: the statement they sign, the pad, and
// Clear, Undo and Accept. Nothing else of the app is reachable from it.
type signerView struct {
	w         *Wizard
	pad       *signaturepad.Pad
	errText   *widget.Label
	statement *widget.Label
	retry     *widget.Button
	object    fyne.CanvasObject
	restore   func()
	cancel    context.CancelFunc
	onAccept  func(signature.Signature)
	onLeave   func()
	prompt    stu.Prompt          // what a pad with its own screen shows
	screen    *screenSync         // that pad's screen while attached, else nil
	src       signaturepad.Source // the attached pen source, else nil
	stopped   func()              // called after a source that stopped with an error is handled (tests)
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
	clear := widget.NewButtonWithIcon(lang.L("Clear"), theme.DeleteIcon(), func() { v.pad.Clear(); v.errText.SetText(""); v.syncScreen() })
	undo := widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), func() { v.pad.Undo(); v.syncScreen() })
	v.retry = widget.NewButtonWithIcon(lang.L("Retry"), theme.ViewRefreshIcon(), func() { v.detach(); v.attach(true) })
	v.retry.Hide()
	accept := widget.NewButtonWithIcon(lang.L("Accept"), theme.ConfirmIcon(), v.accept)
	accept.Importance = widget.HighImportance
	operator := widget.NewButtonWithIcon(lang.L("Operator"), theme.LoginIcon(), v.askOperator)
	operator.Importance = widget.LowImportance
	buttons := container.NewBorder(nil, nil, operator, container.NewHBox(v.retry, clear, undo, accept), v.errText)
	v.object = container.NewBorder(container.NewVBox(title, v.statement), buttons, nil, nil, v.pad)
	return v
}

// reset prepares the screen for the customer of d: their statement and an empty pad.
func (v *signerView) reset(d *Draft) {
	name := strings.TrimSpace(d.Applicant.GivenName + " " + d.Applicant.Surname1 + " " + d.Applicant.Surname2)
	v.statement.SetText(lang.L("I, {{.Name}}, accept the terms (version {{.Version}}).",
		map[string]any{"Name": name, "Version": d.Acceptance.TermsVersion}))
	v.prompt = stu.Prompt{Statement: v.statement.Text, Name: name}
	v.errText.SetText("")
	v.pad.Clear()
}

// attach connects the configured pen tablet, if any; the pad's pointer input is the
// default. resume keeps the strokes so far (Retry after the source stopped). A source
// with its own screen (a Wacom STU pad) shows the prompt and mirrors Clear and Undo.
func (v *signerView) attach(resume bool) {
	v.retry.Hide()
	if v.w.opts.PenSource == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	src, err := v.w.opts.PenSource(ctx)
	if err != nil || src == nil {
		switch {
		case err != nil && resume:
			v.errText.SetText(lang.L("The signature pad is still not connected: plug it in and press Retry. The strokes so far are kept.") + " " + err.Error())
			v.retry.Show()
		case err != nil:
			v.errText.SetText(lang.L("The pen tablet is not available; sign with the mouse or touch:") + " " + err.Error())
		}
		return
	}
	v.src = src
	if resume {
		v.errText.SetText("")
	}
	if scr, ok := src.(padScreen); ok {
		var kept signature.Signature
		if resume {
			kept = v.pad.Signature()
		}
		v.screen = startScreenSync(ctx, scr, v.prompt, kept, func(err error) {
			v.w.opts.logger().Warn("show the prompt on the signature pad", "err", err)
		})
	}
	var done <-chan error
	if resume {
		done = v.pad.Resume(ctx, src)
	} else {
		done = v.pad.Attach(ctx, src)
	}
	go func() {
		err := <-done
		if err == nil || errors.Is(err, context.Canceled) {
			return
		}
		fyne.Do(func() {
			if ctx.Err() != nil {
				return // the screen was closed meanwhile
			}
			v.screen = nil
			if errors.Is(err, stu.ErrDisconnected) {
				v.errText.SetText(lang.L("The signature pad was disconnected. Plug it back in and press Retry: the strokes so far are kept."))
			} else {
				v.errText.SetText(lang.L("The pen tablet stopped:") + " " + err.Error())
			}
			v.retry.Show()
			if v.stopped != nil {
				v.stopped()
			}
		})
	}()
}

// syncScreen mirrors the kiosk's strokes on a pad with its own screen after Clear or Undo.
func (v *signerView) syncScreen() {
	if v.screen != nil {
		v.screen.redraw(v.pad.Signature())
	}
}

func (v *signerView) detach() {
	if v.cancel != nil {
		v.cancel()
	}
	v.screen, v.src = nil, nil
}

func (v *signerView) accept() {
	sig, err := v.pad.Accept()
	if err != nil {
		v.errText.SetText(lang.L(err.Error()))
		return
	}
	if c, ok := v.src.(interface{ Counts() (reports, dropped int) }); ok {
		if n, lost := c.Counts(); lost > 0 {
			v.w.opts.logger().Warn("the signature pad lost reports (gaps in its sequence numbers)", "reports", n, "dropped", lost)
		}
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
	pw.SetPlaceHolder(lang.L("Operator password"))
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

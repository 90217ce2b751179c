package wizard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// doneView confirms a sealed enrolment with its short id.
type doneView struct {
	shortID *widget.Label
	object  fyne.CanvasObject
}

func newDoneView(next func()) *doneView {
	v := &doneView{shortID: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})}
	v.shortID.SizeName = theme.SizeNameHeadingText
	title := widget.NewLabelWithStyle(lang.L("Enrolment sealed"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	btn := widget.NewButtonWithIcon(lang.L("Next customer"), theme.ContentAddIcon(), next)
	btn.Importance = widget.HighImportance
	v.object = container.NewCenter(container.NewVBox(
		widget.NewIcon(theme.ConfirmIcon()), title,
		widget.NewLabelWithStyle(lang.L("Give the customer this reference:"), fyne.TextAlignCenter, fyne.TextStyle{}),
		v.shortID,
		widget.NewLabelWithStyle(lang.L("It is in the queue and will be delivered when the backend is reachable."), fyne.TextAlignCenter, fyne.TextStyle{}),
		container.NewCenter(btn),
	))
	v.object.Hide()
	return v
}

// resumeView offers an unfinished enrolment back after a restart or a lock. Resume and
// Discard sit at opposite ends of the row, and Discard asks before it deletes anything.
type resumeView struct {
	text            *widget.Label
	resume, discard *widget.Button
	confirm         *fyne.Container // "Delete this unfinished enrolment?" with Keep it and Delete
	keep, delete    *widget.Button
	object          fyne.CanvasObject
	onDiscard       func()
}

func newResumeView() *resumeView {
	v := &resumeView{text: widget.NewLabel("")}
	v.text.Wrapping = fyne.TextWrapWord
	v.resume = widget.NewButtonWithIcon(lang.L("Resume"), theme.MediaPlayIcon(), nil)
	v.resume.Importance = widget.HighImportance
	v.discard = widget.NewButtonWithIcon(lang.L("Discard"), theme.DeleteIcon(), v.askDiscard)
	v.discard.Importance = widget.DangerImportance
	v.keep = widget.NewButtonWithIcon(lang.L("Keep it"), theme.CancelIcon(), v.hideConfirm)
	v.delete = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), func() {
		v.hideConfirm()
		if v.onDiscard != nil {
			v.onDiscard()
		}
	})
	v.delete.Importance = widget.DangerImportance
	question := widget.NewLabelWithStyle(lang.L("Delete this unfinished enrolment? Its data and pictures are removed from this kiosk and cannot be brought back."),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	question.Wrapping = fyne.TextWrapWord
	v.confirm = container.NewVBox(widget.NewSeparator(), question, container.NewBorder(nil, nil, v.keep, v.delete))
	v.confirm.Hide()
	title := widget.NewLabelWithStyle(lang.L("Unfinished enrolment"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	v.object = container.NewVBox(title, v.text, container.NewBorder(nil, nil, v.resume, v.discard), v.confirm)
	v.object.Hide()
	return v
}

func (v *resumeView) offer(d *Draft, step string, resume, discard func()) {
	v.text.SetText(lang.L("An enrolment started at {{.When}} was not sealed. It stopped at: {{.Step}}.",
		map[string]any{"When": d.Started.Local().Format("2006-01-02 15:04"), "Step": step}))
	v.resume.OnTapped, v.onDiscard = resume, discard
	v.resume.Show()
	v.hideConfirm()
}

// unreadable offers only to discard a draft that cannot be read.
func (v *resumeView) unreadable(err error, discard func()) {
	v.text.SetText(lang.L("An unfinished enrolment was found but cannot be read, so it cannot be resumed:") + " " + err.Error())
	v.onDiscard = discard
	v.resume.Hide()
	v.hideConfirm()
}

// askDiscard shows the confirmation instead of deleting at once.
func (v *resumeView) askDiscard() {
	v.discard.Disable()
	v.confirm.Show()
}

func (v *resumeView) hideConfirm() {
	v.confirm.Hide()
	v.discard.Enable()
}

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

// resumeView offers an unfinished enrolment back after a restart or a lock.
type resumeView struct {
	text            *widget.Label
	resume, discard *widget.Button
	object          fyne.CanvasObject
}

func newResumeView() *resumeView {
	v := &resumeView{text: widget.NewLabel("")}
	v.text.Wrapping = fyne.TextWrapWord
	v.resume = widget.NewButtonWithIcon(lang.L("Resume"), theme.MediaPlayIcon(), nil)
	v.resume.Importance = widget.HighImportance
	v.discard = widget.NewButtonWithIcon(lang.L("Discard"), theme.DeleteIcon(), nil)
	v.discard.Importance = widget.DangerImportance
	title := widget.NewLabelWithStyle(lang.L("Unfinished enrolment"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	v.object = container.NewVBox(title, v.text, container.NewHBox(v.resume, v.discard))
	v.object.Hide()
	return v
}

func (v *resumeView) offer(d *Draft, step string, resume, discard func()) {
	v.text.SetText(lang.L("An enrolment started at {{.When}} was not sealed. It stopped at: {{.Step}}.",
		map[string]any{"When": d.Started.Local().Format("2006-01-02 15:04"), "Step": step}))
	v.resume.OnTapped, v.discard.OnTapped = resume, discard
	v.resume.Show()
}

// unreadable offers only to discard a draft that cannot be read.
func (v *resumeView) unreadable(err error, discard func()) {
	v.text.SetText(lang.L("An unfinished enrolment was found but cannot be read, so it cannot be resumed:") + " " + err.Error())
	v.discard.OnTapped = discard
	v.resume.Hide()
}

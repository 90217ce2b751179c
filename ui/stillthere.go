package ui

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/ui/layouts"
)

// stillThere is the warning shown warnBefore the inactivity lock: "Still there?", the
// seconds left, and a button that keeps the session (any pointer movement does too).
type stillThere struct {
	text   *widget.Label
	here   *widget.Button
	object fyne.CanvasObject
}

func newStillThere(keep func()) *stillThere {
	v := &stillThere{text: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})}
	v.text.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(lang.L("Still there?"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	v.here = widget.NewButtonWithIcon(lang.L("I am still here"), theme.ConfirmIcon(), keep)
	v.here.Importance = widget.HighImportance
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 2
	bg.CornerRadius = 8
	card := container.NewStack(bg, container.NewPadded(container.NewVBox(title, v.text, container.NewCenter(v.here))))
	shade := canvas.NewRectangle(theme.Color(theme.ColorNameShadow))
	v.object = container.NewStack(shade, container.NewCenter(container.New(layouts.AtLeastWide{Width: 520}, card)))
	v.object.Hide()
	return v
}

// show says how long is left before the lock.
func (v *stillThere) show(left time.Duration) {
	secs := int(math.Ceil(left.Seconds()))
	v.text.SetText(lang.L("The kiosk locks in {{.Seconds}} s to protect the customer's data. The enrolment in progress is kept.",
		map[string]any{"Seconds": max(secs, 0)}))
	if !v.object.Visible() {
		v.object.Show()
	}
}

func (v *stillThere) hide() {
	if v.object.Visible() {
		v.object.Hide()
	}
}

package wizard

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// stepNames are the stepper's short names of the steps, in order.
var stepNames = []string{"Applicant", "ID front", "ID rear", "Selfie", "Terms", "Signature", "Checklist", "Review"}

// stepper shows every step by name: the ones done ticked, the one on screen highlighted.
// Its labels truncate rather than widen the window.
type stepper struct {
	labels []*widget.Label
	object fyne.CanvasObject
}

func newStepper() *stepper {
	s := &stepper{}
	cells := make([]fyne.CanvasObject, len(stepNames))
	for i := range stepNames {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		s.labels = append(s.labels, l)
		cells[i] = l
	}
	s.object = container.NewGridWithColumns(len(cells), cells...)
	return s
}

// set marks step i (0-based) as the one on screen.
func (s *stepper) set(i int) {
	for n, l := range s.labels {
		name := lang.L(stepNames[n])
		switch {
		case n < i:
			l.SetText("✓ " + name)
			l.Importance = widget.SuccessImportance
			l.TextStyle.Bold = false
		case n == i:
			l.SetText(fmt.Sprintf("%d %s", n+1, name))
			l.Importance = widget.HighImportance
			l.TextStyle.Bold = true
		default:
			l.SetText(fmt.Sprintf("%d %s", n+1, name))
			l.Importance = widget.MediumImportance
			l.TextStyle.Bold = false
		}
		l.Refresh()
	}
}

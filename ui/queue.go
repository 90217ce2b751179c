package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/internal/status"
)

// queueSection shows what waits in the outbox.
type queueSection struct {
	summary *widget.Label
	object  fyne.CanvasObject
}

func newQueueSection() *queueSection {
	s := &queueSection{summary: wrapped(lang.L("The local queue is not open."))}
	s.object = container.NewVBox(heading(lang.L("Queue")), s.summary)
	return s
}

func (s *queueSection) show(st status.Snapshot) {
	if !st.QueueKnown {
		s.summary.SetText(lang.L("The local queue is not open."))
		return
	}
	if st.QueueDepth == 0 {
		s.summary.SetText(lang.L("Every enrolment is delivered."))
		return
	}
	s.summary.SetText(lang.L("Enrolments waiting to be delivered: {{.Count}}", map[string]any{"Count": st.QueueDepth}))
}

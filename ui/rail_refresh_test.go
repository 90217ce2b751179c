package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// refreshCounter is a label that counts how often it is drawn again.
type refreshCounter struct {
	widget.Label
	n int
}

func (r *refreshCounter) Refresh() { r.n++; r.Label.Refresh() }

// TestRailDrawsASectionAgainWhenShown: a section whose widgets changed while it was hidden
// (the queue screen as the worker confirms an enrolment behind the sealed screen) is drawn
// again in full when the rail shows it; the GL driver otherwise kept what it last drew
// ("Sending, 100%" and "waiting: 1" after the confirmation). A section already shown is
// left alone.
func TestRailDrawsASectionAgainWhenShown(t *testing.T) {
	test.NewTempApp(t)
	counter := &refreshCounter{}
	counter.ExtendBaseWidget(counter)
	counter.Text = "Enrolments waiting to be delivered: 1"
	var w fyne.Window
	r := newRail(func() fyne.Canvas { return w.Canvas() },
		railItem{"Enrol", theme.AccountIcon(), widget.NewLabel("wizard")},
		railItem{"Queue", theme.ListIcon(), container.NewVBox(counter)},
	)
	w = test.NewTempWindow(t, r.object)

	counter.Text = "Every enrolment is delivered." // changed while hidden
	counter.n = 0
	r.SelectIndex(1)
	if counter.n == 0 {
		t.Fatal("the section was shown without being drawn again")
	}
	counter.n = 0
	r.SelectIndex(1)
	if counter.n != 0 {
		t.Errorf("a section already on screen was drawn again %d times", counter.n)
	}
	r.SelectIndex(0)
	counter.n = 0
	r.SelectIndex(1)
	if counter.n == 0 {
		t.Error("the section was shown again without being drawn again")
	}
}

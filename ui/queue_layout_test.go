package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestQueueRowSitsUnderTheSummary: with one entry and no feedback, the row's first line
// starts right under the summary line: the empty notice and problem lines take no room
// (the window showed an empty band of about 130 px between them).
func TestQueueRowSitsUnderTheSummary(t *testing.T) {
	_, confirmed := sealedAndSending()
	s, _, w := queueShowing(t, confirmed)
	w.Resize(fyne.NewSize(1280, 800))
	waitUI(t, s)

	d := fyne.CurrentApp().Driver()
	r := s.queue.rows[confirmed.ID]
	if r == nil {
		t.Fatal("no row is bound")
	}
	summaryEnd := d.AbsolutePositionForObject(s.queue.summary).Y + s.queue.summary.Size().Height
	rowTop := d.AbsolutePositionForObject(r.title).Y
	if gap, most := rowTop-summaryEnd, 3*theme.Padding(); gap < 0 || gap > most {
		t.Errorf("the row's first line is %.0f px under the summary line (at most %.0f)", gap, most)
	}
	if h, line := s.queue.summary.Size().Height, s.queue.summary.MinSize().Height; h > line {
		t.Errorf("the summary line is %.0f px high for one line of %.0f", h, line)
	}
}

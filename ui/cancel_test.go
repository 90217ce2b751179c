package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestCancelShowsOnlyWhileEnrolling: "Cancel this enrolment" is on the status bar only on
// the Enrol section while an enrolment is under way: not on a fresh form, not on the Queue
// or Settings (after sealing it stood there with nothing to cancel), and not once the
// wizard starts the next customer.
func TestCancelShowsOnlyWhileEnrolling(t *testing.T) {
	s, _, _, w := newTestShell(t)
	logIn(t, s)
	s.showCancel()
	if s.cancel.Visible() {
		t.Fatal("Cancel shows on an empty form")
	}
	if s.cancel.Text != "Cancel this enrolment" {
		t.Errorf("the button says %q", s.cancel.Text)
	}
	typing, ok := w.Canvas().Focused().(fyne.Focusable)
	if !ok || typing == nil {
		t.Fatal("no field of the applicant form has the focus")
	}
	test.Type(typing, "Ana")
	s.showCancel()
	if !s.cancel.Visible() {
		t.Fatal("Cancel does not show once the operator typed in the form")
	}
	for _, tab := range []int{tabQueue, tabSettings} {
		s.tabs.SelectIndex(tab)
		s.showCancel()
		if s.cancel.Visible() {
			t.Errorf("Cancel shows on the %s section", s.Selected())
		}
	}
	s.tabs.SelectIndex(tabEnrol)
	s.showCancel()
	if !s.cancel.Visible() {
		t.Fatal("Cancel does not come back on the Enrol section")
	}
	s.wizard.Reset() // the next customer, as after sealing
	s.showCancel()
	if s.cancel.Visible() {
		t.Error("Cancel shows for the next customer before anything is typed")
	}
	s.Lock()
	s.showCancel()
	if s.cancel.Visible() && s.session.Visible() {
		t.Error("Cancel shows behind the lock")
	}
}

package wizard

import (
	"errors"
	"testing"
)

// TestMayStartRefusesANewEnrolment: while the fleet's freeze rules refuse new enrolments
// the first step does not move on and says why; once they allow it, it does. The wizard
// counts as in progress from the first typed field.
func TestMayStartRefusesANewEnrolment(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	if w.InProgress() {
		t.Fatal("a clean wizard is in progress")
	}
	refusal := errors.New("New enrolments are refused: deliver the queue")
	w.opts.MayStart = func() error { return refusal }
	fillApplicant(w.steps[0].(*applicantStep))
	if !w.InProgress() {
		t.Fatal("typed applicant data is not an enrolment in progress")
	}
	w.Next()
	if w.StepIndex() != 0 || w.errText.Text != refusal.Error() {
		t.Fatalf("frozen: step %d, message %q", w.StepIndex(), w.errText.Text)
	}
	w.opts.MayStart = func() error { return nil }
	w.Next()
	if w.StepIndex() != 1 {
		t.Fatalf("allowed: step %d, message %q", w.StepIndex(), w.errText.Text)
	}
	w.Reset()
	if w.InProgress() {
		t.Error("in progress after Reset")
	}
}

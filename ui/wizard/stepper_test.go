package wizard

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
)

// TestStepperNamesEveryStep: the stepper names all eight steps, ticks the ones done and
// highlights the one on screen, and follows Back.
func TestStepperNamesEveryStep(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	if len(w.stepper.labels) != len(w.steps) {
		t.Fatalf("%d names for %d steps", len(w.stepper.labels), len(w.steps))
	}
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	l := w.stepper.labels
	if l[0].Text != "✓ Applicant" || l[0].Importance != widget.SuccessImportance {
		t.Errorf("the step done shows %q", l[0].Text)
	}
	if l[1].Text != "2 ID front" || l[1].Importance != widget.HighImportance || !l[1].TextStyle.Bold {
		t.Errorf("the step on screen shows %q", l[1].Text)
	}
	if !strings.HasPrefix(l[7].Text, "8 Review") || l[7].Importance != widget.MediumImportance {
		t.Errorf("the last step shows %q", l[7].Text)
	}
	w.Back()
	if l[0].Importance != widget.HighImportance || l[1].Text != "2 ID front" || l[1].Importance != widget.MediumImportance {
		t.Error("the stepper did not follow Back")
	}
}

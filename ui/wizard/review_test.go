package wizard

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// TestReviewIsReadable: the review names the document type and the countries, shows
// Nationality and Address, has no CURP row for an Ecuadorian, flags a picture kept with
// "Use it anyway", enlarges a picture, and its Edit links go back to the step.
func TestReviewIsReadable(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	a := w.steps[0].(*applicantStep)
	fillApplicant(a)
	a.fields["residence_address"].entry.SetText("Av. Amazonas 1234")
	w.Next()
	jpg := testJPEG(t)
	front := w.steps[1].(*documentStep)
	front.setResult(document.Result{JPEG: jpg, OK: false}, nil)
	front.anyway.SetChecked(true)
	w.Next()
	w.steps[2].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[3].(*selfieStep).setStill(jpg, nil)
	w.steps[3].(*selfieStep).setVideo(testVideo(1500), nil)
	w.Next()
	w.steps[4].(*termsStep).accept.SetChecked(true)
	w.Next()
	sig := w.steps[5].(*signatureStep)
	sig.open()
	sign(sig.signer)
	sig.signer.accept()
	test.Tap(sig.back.unlock)
	c := w.steps[6].(*checklistStep)
	c.seen.SetChecked(true)
	c.face.SetChecked(true)
	c.valid.SetChecked(true)
	w.Next()
	if w.StepIndex() != 7 {
		t.Fatalf("not on the review: %q", w.errText.Text)
	}
	r := w.steps[7].(*reviewStep)
	rows := map[string]string{}
	for _, it := range r.data.Items {
		rows[it.Text] = it.Widget.(*widget.Label).Text
	}
	for label, want := range map[string]string{"Document type": "National identity card", "Document country": "Ecuador",
		"Nationality": "Ecuador", "Address": "Av. Amazonas 1234", "Mobile number": "+593991234567"} {
		if rows[label] != want {
			t.Errorf("the review shows %s as %q, want %q", label, rows[label], want)
		}
	}
	if _, ok := rows["CURP"]; ok {
		t.Error("an Ecuadorian's review has a CURP row")
	}
	if strings.Contains(r.summary.Text, "KB") || !strings.Contains(r.summary.Text, "Selfie video: recorded") {
		t.Errorf("the summary says %q", r.summary.Text)
	}
	if !r.frontFlag.Visible() || r.rearFlag.Visible() {
		t.Error("the picture kept with Use it anyway is not flagged (or the good one is)")
	}
	if r.zoom.object.Visible() {
		t.Fatal("the zoom is up before asking")
	}
	r.zoom.show("ID document front", r.front.Image)
	if !r.zoom.object.Visible() || r.zoom.img.Image == nil {
		t.Fatal("Enlarge did not show the picture")
	}
	r.zoom.hide()
	w.edit(stepApplicant)
	if w.StepIndex() != 0 || w.steps[0].(*applicantStep).fields["given_name"].entry.Text != "Ana María" {
		t.Fatal("Edit did not go back to the applicant data with everything kept")
	}
}

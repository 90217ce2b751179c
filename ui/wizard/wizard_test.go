package wizard

import (
	"errors"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

func TestApplicantValidationErrors(t *testing.T) {
	w, fs, win := newTestWizard(t, "oneshot")
	w.Next()
	if w.StepIndex() != 0 {
		t.Fatalf("Next with an empty form moved to step %d", w.StepIndex())
	}
	s := w.steps[0].(*applicantStep)
	for _, name := range []string{applicant.GivenName, applicant.Email, applicant.SerialNumber} {
		if s.fields[name].errText.Text != "Required" {
			t.Errorf("field %s shows %q, want Required", name, s.fields[name].errText.Text)
		}
	}
	if len(fs.drafts) != 0 {
		t.Error("an invalid step was saved as progress")
	}
	fillApplicant(s)
	s.fields[applicant.SerialNumber].entry.SetText("1710034064")
	s.fields[applicant.Email].entry.SetText("ana@")
	w.Next()
	if w.StepIndex() != 0 {
		t.Fatal("Next with a wrong cédula moved on")
	}
	test.AssertRendersToMarkup(t, "applicant_errors.xml", win.Canvas())
	if got := s.fields[applicant.SerialNumber].errText.Text; got != applicant.ErrCedulaCheck.Error() {
		t.Errorf("cédula error = %q", got)
	}
}

func TestBackNeverLosesInput(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	s := w.steps[0].(*applicantStep)
	fillApplicant(s)
	w.Next()
	if w.StepIndex() != 1 {
		t.Fatalf("valid data did not move on: %q", w.errText.Text)
	}
	settle(t, w)
	if d := fs.draft(t); d.Applicant.MobilePhoneNumber != "+593991234567" || d.Applicant.IDDocumentCountry != "EC" || d.Step != 1 {
		t.Errorf("saved draft = %+v", d.Applicant)
	}
	front := w.steps[1].(*documentStep)
	front.setResult(document.Result{JPEG: testJPEG(t), OK: true}, nil)
	w.Back()
	if got := s.fields[applicant.GivenName].entry.Text; got != "Ana María" {
		t.Errorf("after Back the name is %q", got)
	}
	s.fields[applicant.Surname2].entry.SetText("Loor")
	w.Next()
	if len(front.jpeg) == 0 {
		t.Error("the picture taken before Back was lost")
	}
	w.Back()
	if got := s.fields[applicant.Surname2].entry.Text; got != "Loor" {
		t.Errorf("second surname after Back/Next/Back = %q", got)
	}
}

func TestDocumentStepNeedsAPicture(t *testing.T) {
	w, _, win := newTestWizard(t, "oneshot")
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.Next()
	if w.StepIndex() != 1 || w.errText.Text != errNoPicture.Error() {
		t.Fatalf("step %d, error %q", w.StepIndex(), w.errText.Text)
	}
	front := w.steps[1].(*documentStep)
	front.setResult(document.Result{JPEG: testJPEG(t), OK: false, Measures: []document.Measure{{Name: document.MeasureSharpness, Advice: "blurred"}}}, nil)
	w.Next()
	if w.StepIndex() != 1 || w.errText.Text != errQuality.Error() {
		t.Fatalf("a blurred picture passed: step %d, %q", w.StepIndex(), w.errText.Text)
	}
	test.AssertRendersToMarkup(t, "document_quality.xml", win.Canvas())
	front.anyway.SetChecked(true)
	w.Next()
	if w.StepIndex() != 2 {
		t.Fatalf("Use it anyway did not let the operator go on: %q", w.errText.Text)
	}
	front.setResult(document.Result{}, errors.New("not an image"))
}

// walk takes a wizard from an empty form to the review step with the given pictures and
// video, checking on the way that each step refuses to go on without its piece.
func walk(t testing.TB, w *Wizard, jpg, video []byte) {
	t.Helper()
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.steps[1].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[2].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	self := w.steps[3].(*selfieStep)
	self.setStill(jpg, nil)
	w.Next()
	if w.StepIndex() != 3 || w.errText.Text != errNoVideo.Error() {
		t.Fatalf("One-Shot went on without a video: step %d %q", w.StepIndex(), w.errText.Text)
	}
	self.setVideo([]byte("not webm"), nil)
	if len(self.video) != 0 {
		t.Fatal("a file that is not WebM was taken as the video")
	}
	self.setVideo(video, nil)
	w.Next()
	terms := w.steps[4].(*termsStep)
	w.Next()
	if w.StepIndex() != 4 {
		t.Fatal("went on without accepting the terms")
	}
	terms.accept.SetChecked(true)
	w.Next()
	sig := w.steps[5].(*signatureStep)
	w.Next()
	if w.StepIndex() != 5 || w.errText.Text != errNoSignature.Error() {
		t.Fatalf("went on without a signature: %q", w.errText.Text)
	}
	sig.open()
	if !w.Signing() {
		t.Fatal("the signer's screen is not up")
	}
	sig.signer.accept()
	if !w.Signing() || sig.signer.errText.Text == "" {
		t.Fatal("an empty pad was accepted")
	}
	signer := sig.signer
	sign(signer)
	signer.accept()
	if len(signer.pad.Samples()) != 0 {
		t.Error("the ink stayed on the pad after the customer accepted")
	}
	if !w.HandingBack() || w.StepIndex() != 5 {
		t.Fatalf("Accept did not show the hand-back screen (step %d)", w.StepIndex())
	}
	test.Tap(sig.back.unlock)
	if w.Signing() || w.StepIndex() != 6 {
		t.Fatalf("accepting a good signature left step %d (signing %v): %q", w.StepIndex(), w.Signing(), w.errText.Text)
	}
	check := w.steps[6].(*checklistStep)
	check.seen.SetChecked(true)
	check.face.SetChecked(true)
	w.Next()
	if w.StepIndex() != 6 {
		t.Fatal("went on with an unchecked attestation")
	}
	check.valid.SetChecked(true)
	w.Next()
	if w.StepIndex() != 7 {
		t.Fatalf("not on review: %q", w.errText.Text)
	}
}

func TestFullEnrolmentSealsAndStartsClean(t *testing.T) {
	w, fs, win := newTestWizard(t, "oneshot")
	done := make(chan store.Enrolment, 1)
	w.opts.OnSealed = func(e store.Enrolment) { done <- e }
	walk(t, w, testJPEG(t), testVideo(2000))
	test.AssertRendersToMarkup(t, "review.xml", win.Canvas())
	id := w.Draft().ID
	w.Next()
	e := <-done
	if e.ID != id || e.OperatorID != "rao-7" || e.Branch != "quito-1" || e.Acceptance.TermsVersion != "T-1" ||
		e.Acceptance.Operator != "rao-7" || e.Acceptance.Device != "inst-1" || !e.Checks.NotExpired {
		t.Errorf("sealed %+v", e)
	}
	want := []store.EvidenceKind{store.DocumentFront, store.DocumentRear, store.DocumentOwner, store.Video, store.SignatureImage, store.BiometricData}
	if !slices.Equal(fs.kinds[0], want) {
		t.Errorf("evidence %v, want %v", fs.kinds[0], want)
	}
	if w.done.shortID.Text != store.ShortID(id) || !w.done.object.Visible() {
		t.Errorf("confirmation shows %q", w.done.shortID.Text)
	}
	settle(t, w)
	if len(fs.drafts) != 0 {
		t.Error("the draft outlived the seal")
	}
	w.Reset()
	if w.Draft().ID == id || w.StepIndex() != 0 || w.steps[0].(*applicantStep).fields[applicant.GivenName].entry.Text != "" {
		t.Error("the next customer does not start clean")
	}
}

func TestSealFailureKeepsEverything(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	walk(t, w, testJPEG(t), testVideo(2000))
	fs.sealFn = func(store.Enrolment) error { return store.ErrDiskFull }
	failed := make(chan struct{})
	w.sealDone = func() { close(failed) }
	w.Next()
	<-failed
	settle(t, w)
	if w.StepIndex() != 7 || len(fs.drafts) == 0 || w.Draft().Signature == nil {
		t.Fatal("a failed seal lost the enrolment")
	}
}

func TestDraftOfferedAfterRestart(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.steps[1].(*documentStep).setResult(document.Result{JPEG: testJPEG(t), OK: true}, nil)
	w.Next()

	// A new wizard (the app restarted) over the same store.
	w2 := New(w.opts)
	settle(t, w)
	offered, err := offer(t, w2)
	if err != nil || !offered || !w2.resume.object.Visible() {
		t.Fatalf("Offer = %v, %v", offered, err)
	}
	test.Tap(w2.resume.resume)
	if w2.StepIndex() != 2 || len(w2.Draft().Front) == 0 || w2.Draft().Applicant.GivenName != "Ana María" {
		t.Fatalf("resumed at step %d with %+v", w2.StepIndex(), w2.Draft().Applicant)
	}
	w2.Back()
	if len(w2.steps[1].(*documentStep).jpeg) == 0 {
		t.Error("the resumed front picture is not shown")
	}
	settle(t, w2) // Back saved: that save must not land after the discard below

	w3 := New(w.opts)
	if _, err := offer(t, w3); err != nil {
		t.Fatal(err)
	}
	test.Tap(w3.resume.discard)
	settle(t, w3)
	if len(fs.drafts) == 0 || !w3.resume.confirm.Visible() {
		t.Fatal("Discard deleted the draft without asking")
	}
	test.Tap(w3.resume.keep)
	if w3.resume.confirm.Visible() || !w3.resume.object.Visible() {
		t.Fatal("Keep it did not go back to the offer")
	}
	test.Tap(w3.resume.discard)
	test.Tap(w3.resume.delete)
	settle(t, w3)
	if len(fs.drafts) != 0 || w3.StepIndex() != 0 {
		t.Error("Discard kept the draft")
	}
	if offered, _ := offer(t, New(w.opts)); offered {
		t.Error("a discarded draft is offered again")
	}
}

func TestSuspendClearsTheScreen(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	s := w.steps[0].(*applicantStep)
	fillApplicant(s)
	w.Suspend()
	settle(t, w)
	if w.steps[0] == step(s) || w.steps[0].(*applicantStep).fields[applicant.GivenName].entry.Text != "" {
		t.Error("the customer's name stayed on screen after the lock")
	}
	if fs.draft(t).Applicant.GivenName != "Ana María" {
		t.Error("the lock lost what was typed")
	}
}

func TestSuspendWhileSigning(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	walkTo := func() {
		fillApplicant(w.steps[0].(*applicantStep))
		w.Next()
	}
	walkTo()
	w.goTo(5)
	w.steps[5].(*signatureStep).open()
	if !w.Signing() {
		t.Fatal("the pad is not up")
	}
	w.Suspend()
	settle(t, w)
	if w.Signing() || len(w.root.Objects) != 3 {
		t.Fatal("the signer's screen stayed up after the lock")
	}
	if fs.draft(t).Step != 5 {
		t.Error("the lock did not save where the enrolment was")
	}
}

// TestStepGoldens renders each remaining screen once: selfie, terms, the signer's pad,
// checklist with its error, and the confirmation.
func TestStepGoldens(t *testing.T) {
	w, _, win := newTestWizard(t, "oneshot")
	done := make(chan store.Enrolment, 1)
	w.opts.OnSealed = func(e store.Enrolment) { done <- e }
	w.Draft().ID = "5eed0000-0000-4000-8000-000000000001" // a fixed id for the golden
	jpg := testJPEG(t)
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.steps[1].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[2].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[3].(*selfieStep).setStill(jpg, nil)
	w.Next()
	test.AssertRendersToMarkup(t, "selfie_needs_video.xml", win.Canvas())
	w.steps[3].(*selfieStep).setVideo(testVideo(0), nil)
	w.Next()
	test.AssertRendersToMarkup(t, "terms.xml", win.Canvas())
	w.steps[4].(*termsStep).accept.SetChecked(true)
	w.Next()
	sig := w.steps[5].(*signatureStep)
	sig.open()
	test.AssertRendersToMarkup(t, "signer.xml", win.Canvas())
	sign(sig.signer)
	sig.signer.accept()
	test.AssertRendersToMarkup(t, "handback.xml", win.Canvas())
	test.Tap(sig.back.unlock)
	w.Next()
	test.AssertRendersToMarkup(t, "checklist_error.xml", win.Canvas())
	check := w.steps[6].(*checklistStep)
	check.seen.SetChecked(true)
	check.face.SetChecked(true)
	check.valid.SetChecked(true)
	w.Next()
	w.Next()
	e := <-done
	if w.done.shortID.Text != e.ShortID() {
		t.Fatal("no confirmation")
	}
	test.AssertRendersToMarkup(t, "sealed.xml", win.Canvas())
}

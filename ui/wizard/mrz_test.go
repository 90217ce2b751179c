package wizard

import (
	"context"
	"image"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// fakeMRZ is a hand-written MRZReader.
type fakeMRZ struct {
	readFn func(img image.Image) (*mrz.Reading, error)
}

var _ MRZReader = (*fakeMRZ)(nil)

func (f *fakeMRZ) Read(_ context.Context, img image.Image, _ time.Time) (*mrz.Reading, error) {
	return f.readFn(img)
}

// ecuadorZone is the TD1 zone of fillApplicant's applicant (the cédula in the optional
// data), expiring on expiry (YYMMDD).
func ecuadorZone(t *testing.T, expiry string) *mrz.Reading {
	t.Helper()
	cd := func(s string) string { return string(mrz.CheckDigit(s)) }
	l1 := "I<ECUA12345678" + cd("A12345678") + "1710034065<<<<<"
	l2 := "900517" + cd("900517") + "F" + expiry + cd(expiry) + "ECU<<<<<<<<<<<"
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	r, err := mrz.Parse([]string{l1, l2, "PEREZ<<ANA<MARIA<<<<<<<<<<<<<<"}, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return &mrz.Reading{Result: r, Raw: r.Lines}
}

// readThrough sets a picture on the step with the reader answering rd, and waits for
// the reading to be shown.
func readThrough(t *testing.T, w *Wizard, s *documentStep, rd *mrz.Reading, err error) {
	t.Helper()
	w.opts.MRZ = &fakeMRZ{readFn: func(img image.Image) (*mrz.Reading, error) {
		if img == nil || img.Bounds().Dx() != 64 {
			t.Errorf("the reader got %v, not the processed picture", img)
		}
		return rd, err
	}}
	done := make(chan struct{})
	s.mrzDone = func() { close(done) }
	s.setResult(document.Result{JPEG: testJPEG(t), OK: true}, nil)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the reading never came")
	}
	s.mrzDone = nil
}

func TestMRZPrefillsTheEmptyFieldsAndMarksThem(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	a := w.steps[0].(*applicantStep)
	fillApplicant(a)
	a.fields[applicant.BirthDate].entry.SetText("")
	a.fields[applicant.GivenName].entry.SetText("Ana María") // typed with the accent: agrees
	w.Next()
	rear := w.steps[2].(*documentStep)
	front := w.steps[1].(*documentStep)
	readThrough(t, w, front, nil, mrz.ErrNotFound)
	if w.Draft().MRZ != nil || !strings.Contains(front.mrzInfo.Text, "No machine readable zone") {
		t.Fatalf("front: %q", front.mrzInfo.Text)
	}
	w.Next()
	readThrough(t, w, rear, ecuadorZone(t, "310101"), nil)
	d := w.Draft()
	if d.MRZ == nil || d.MRZ.Side != store.DocumentRear || d.Applicant.BirthDate != "1990-05-17" || d.Applicant.Nationality != "EC" {
		t.Fatalf("draft %+v %+v", d.MRZ, d.Applicant)
	}
	// Nationality starts as the branch's country (EC), which the zone confirms: only the
	// empty birth date is filled from it.
	if !slices.Equal(d.MRZRead, []string{applicant.BirthDate}) {
		t.Fatalf("read %v", d.MRZRead)
	}
	if !strings.Contains(rear.mrzInfo.Text, "Birth date") || rear.mrzDiff.Visible() {
		t.Fatalf("rear says %q / %q", rear.mrzInfo.Text, rear.mrzDiff.Text)
	}
	w.Next()
	if w.StepIndex() != 3 {
		t.Fatalf("an agreeing zone stopped the operator: %q", w.errText.Text)
	}
	// Back on the form, the filled fields are marked as read, the typed ones are not.
	w.goTo(0)
	if !a.fields[applicant.BirthDate].read.Visible() || a.fields[applicant.GivenName].read.Visible() ||
		a.fields[applicant.BirthDate].entry.Text != "1990-05-17" {
		t.Fatal("the read fields are not marked")
	}
	// A field changed by hand is no longer marked.
	a.fields[applicant.BirthDate].entry.SetText("1990-05-16")
	w.Next()
	if w.StepIndex() != 0 || a.fields[applicant.BirthDate].read.Visible() || !a.fields[applicant.BirthDate].errText.Visible() {
		t.Fatalf("a typed value disagreeing with the zone passed the form: %q", w.errText.Text)
	}
}

func TestMRZDisagreementIsFlaggedBeforeNext(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	a := w.steps[0].(*applicantStep)
	fillApplicant(a)
	a.fields[applicant.BirthDate].entry.SetText("1990-05-18")
	w.Next()
	front := w.steps[1].(*documentStep)
	readThrough(t, w, front, ecuadorZone(t, "310101"), nil)
	if !front.mrzDiff.Visible() || !strings.Contains(front.mrzDiff.Text, "Birth date: typed 1990-05-18, document 1990-05-17") || !front.mrzConfirm.Visible() {
		t.Fatalf("not flagged: %q", front.mrzDiff.Text)
	}
	w.Next()
	if w.StepIndex() != 1 || w.errText.Text != errMRZDiffers.Error() {
		t.Fatalf("went on past a disagreement: step %d %q", w.StepIndex(), w.errText.Text)
	}
	// The operator checks the document and keeps the typed value: recorded, and on.
	front.mrzConfirm.SetChecked(true)
	w.Next()
	if w.StepIndex() != 2 || !w.Draft().MRZ.Confirmed {
		t.Fatalf("the confirmation did not let the operator go on: %q", w.errText.Text)
	}
	// Retaking the picture forgets its zone.
	w.goTo(1)
	front.again()
	if w.Draft().MRZ != nil || front.mrzDiff.Visible() {
		t.Fatal("the zone of a dropped picture stayed")
	}
}

func TestMRZExpiredDocumentIsFlaggedAndPreAnswered(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	front := w.steps[1].(*documentStep)
	readThrough(t, w, front, ecuadorZone(t, "250101"), nil)
	if !strings.Contains(front.mrzInfo.Text, "The document has expired") {
		t.Fatalf("not flagged: %q", front.mrzInfo.Text)
	}
	check := w.steps[6].(*checklistStep)
	w.goTo(6)
	if check.valid.Checked || !check.valid.Disabled() || !strings.Contains(check.expiry.Text, "expired on 2025-01-01") {
		t.Fatalf("checklist: checked %v, disabled %v, %q", check.valid.Checked, check.valid.Disabled(), check.expiry.Text)
	}
	check.seen.SetChecked(true)
	check.face.SetChecked(true)
	w.Next()
	if w.StepIndex() != 6 {
		t.Fatal("an expired document passed the checklist")
	}
	// A valid document pre-answers "not expired" with its date.
	w.Draft().MRZ = &enrol.MRZ{Side: store.DocumentFront, Result: *ecuadorZone(t, "310101").Result}
	w.goTo(6)
	if !check.valid.Checked || check.valid.Disabled() || !strings.Contains(check.expiry.Text, "2031-01-01") {
		t.Fatalf("checklist: checked %v, %q", check.valid.Checked, check.expiry.Text)
	}
}

func TestMRZIsSealedAsEvidence(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	walk(t, w, testJPEG(t), testVideo(2000))
	w.Draft().MRZ = &enrol.MRZ{Side: store.DocumentRear, Result: *ecuadorZone(t, "310101").Result}
	sealed := make(chan struct{})
	w.sealDone = func() { close(sealed) }
	w.Next()
	<-sealed
	if len(fs.kinds) != 1 || !slices.Contains(fs.kinds[0], store.DocumentMRZ) {
		t.Fatalf("sealed %v: %q", fs.kinds, w.errText.Text)
	}
}

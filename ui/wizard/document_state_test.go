package wizard

import (
	"context"
	"errors"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// docScreen says which of the document step's controls are on screen, for the messages.
type docScreen struct {
	take, imp, retake, anyway, advice, busy, crop bool
	adviceText                                    string
}

func screenOf(s *documentStep) docScreen {
	return docScreen{take: s.take.Visible(), imp: s.imp.Visible(), retake: s.retake.Visible(), anyway: s.anyway.Visible(),
		advice: s.advice.Visible(), busy: s.busy.Visible(), crop: s.cropActions.Visible() && !s.actions.Visible(), adviceText: s.advice.Text}
}

// wantLive fails unless the step shows the live camera's controls alone.
func wantLive(t *testing.T, s *documentStep, when string) {
	t.Helper()
	if got := screenOf(s); got != (docScreen{take: true, imp: true}) || s.state != pictureLive {
		t.Fatalf("%s: want the live camera with Take photo and Import only, got %+v", when, got)
	}
}

// wantTaken fails unless the step shows a picture, Retake, the advice containing advice,
// and "Use it anyway" (checked as anyway) exactly when warned.
func wantTaken(t *testing.T, s *documentStep, when string, warned bool, advice string, anyway bool) {
	t.Helper()
	got := screenOf(s)
	if s.state != pictureTaken || got.take || got.imp || !got.retake || got.busy || got.crop || got.anyway != warned ||
		!got.advice || !strings.Contains(got.adviceText, advice) || s.anyway.Checked != anyway {
		t.Fatalf("%s: want the picture, Retake, advice %q and Use it anyway %v (ticked %v); got %+v, ticked %v",
			when, advice, warned, anyway, got, s.anyway.Checked)
	}
}

// TestDocumentStepStates walks the document step through every transition: live, busy,
// crop, taken with and without warnings, Retake, Back and Next, and a resumed draft.
func TestDocumentStepStates(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	front := w.steps[1].(*documentStep)
	wantLive(t, front, "on arrival")

	// Busy: the progress bar alone, whatever was on screen.
	release := make(chan struct{})
	blurred := document.Result{JPEG: testJPEG(t), Measures: []document.Measure{{Name: document.MeasureSharpness}, {Name: document.MeasureGlare, OK: true}}}
	wait(t, &front.resultDone, func() {
		front.run(func(context.Context) (document.Result, error) { <-release; return blurred, nil })
		if got := screenOf(front); got != (docScreen{busy: true}) {
			t.Errorf("while processing: want the progress bar alone, got %+v", got)
		}
		close(release)
	})
	blur := "The picture is blurred"
	wantTaken(t, front, "a blurred picture", true, blur, false)
	if strings.Contains(front.advice.Text, "Glare") {
		t.Error("a measure that passed is shown as a warning")
	}

	// Next is refused; Use it anyway is kept through Next and Back.
	w.Next()
	if w.StepIndex() != 1 || w.errText.Text != errQuality.Error() {
		t.Fatalf("a blurred picture passed: step %d %q", w.StepIndex(), w.errText.Text)
	}
	front.anyway.SetChecked(true)
	w.Next()
	if w.StepIndex() != 2 {
		t.Fatalf("Use it anyway did not let the operator on: %q", w.errText.Text)
	}
	w.Back()
	wantTaken(t, front, "after Next and Back", true, blur, true)
	w.Back()
	w.Next()
	wantTaken(t, front, "after Back and Next", true, blur, true)

	// Retake: the old warnings and the tick go with the old picture.
	test.Tap(front.retake)
	wantLive(t, front, "after Retake")
	if len(front.jpeg) != 0 || front.anyway.Checked {
		t.Fatal("Retake kept the old picture or its Use it anyway")
	}

	// The crop editor: its buttons alone; Cancel goes back to the live camera.
	front.showCrop(image.NewRGBA(image.Rect(0, 0, 64, 40)), document.RectQuad(image.Rect(4, 4, 60, 36)))
	if got := screenOf(front); !got.crop || got.take || got.retake || got.anyway || !strings.Contains(got.adviceText, "Adjust the corners") {
		t.Fatalf("the crop editor: got %+v", got)
	}
	front.cancelCrop()
	wantLive(t, front, "after Cancel on the crop")

	// A good picture: no Use it anyway, the checks said to have passed.
	front.setResult(document.Result{JPEG: testJPEG(t), OK: true}, nil)
	wantTaken(t, front, "a good picture", false, "Quality checks passed.", false)
	w.Next()
	w.Back()
	wantTaken(t, front, "a good picture after Next and Back", false, "Quality checks passed.", false)

	// A refused picture after a good one keeps the good one on screen.
	front.setResult(document.Result{}, errors.New("not an image"))
	wantTaken(t, front, "a refused picture after a good one", false, "Quality checks passed.", false)
	// A file dropped over it opens the crop; Cancel gives the good picture back.
	front.showCrop(image.NewRGBA(image.Rect(0, 0, 64, 40)), document.RectQuad(image.Rect(4, 4, 60, 36)))
	front.cancelCrop()
	wantTaken(t, front, "a crop cancelled over a good picture", false, "Quality checks passed.", false)

	// The rear side is taken with a warning and kept anyway; a resumed draft (after a lock
	// or a restart) shows the same warning and tick.
	w.Next()
	rear := w.steps[2].(*documentStep)
	rear.setResult(document.Result{JPEG: testJPEG(t), Measures: []document.Measure{{Name: document.MeasureExposure}}}, nil)
	rear.anyway.SetChecked(true)
	w.Save()
	settle(t, w)
	d := fs.draft(t)
	if d.RearQuality == nil || !d.RearQuality.Anyway || d.RearQuality.Passed || d.FrontQuality == nil || !d.FrontQuality.Passed {
		t.Fatalf("the draft keeps front %+v, rear %+v", d.FrontQuality, d.RearQuality)
	}
	w2, _, _ := newTestWizard(t, "oneshot")
	w2.resumeDraft(d)
	rear2 := w2.steps[2].(*documentStep)
	wantTaken(t, rear2, "the rear side of a resumed draft", true, "too dark or too bright", true)
	w2.Back()
	wantTaken(t, w2.steps[1].(*documentStep), "the front side of a resumed draft", false, "Quality checks passed.", false)
}

// TestDocumentStepOfAnOlderDraft: a picture whose verdict an older build did not record
// counts as passed, as it did then, without claiming that checks passed.
func TestDocumentStepOfAnOlderDraft(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	w.draft.Front = testJPEG(t)
	w.goTo(1)
	front := w.steps[1].(*documentStep)
	if got := screenOf(front); front.state != pictureTaken || !got.retake || got.take || got.anyway || got.advice {
		t.Fatalf("an older draft's picture: %+v", got)
	}
	if err := front.check(w.draft); err != nil {
		t.Fatalf("an older draft's picture is refused: %v", err)
	}
}

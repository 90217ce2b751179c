package wizard

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// wantActionsLaidOut fails unless the document step's visible buttons sit side by side in
// their row, each at its own place, none over another (a Hide/Show without a layout of the
// row left "Retake" drawn over "Take photo").
func wantActionsLaidOut(t *testing.T, s *documentStep, when string) {
	t.Helper()
	var prevEnd float32 = -1
	n := 0
	for _, o := range s.actions.(*fyne.Container).Objects {
		if !o.Visible() {
			continue
		}
		n++
		x, size := o.Position().X, o.Size()
		if size.Width < o.MinSize().Width || size.Height < o.MinSize().Height {
			t.Fatalf("%s: a button is %v, under its minimum %v", when, size, o.MinSize())
		}
		if x < prevEnd {
			t.Fatalf("%s: a button at x=%.0f starts over the one before it (ending at %.0f)", when, x, prevEnd)
		}
		prevEnd = x + size.Width
	}
	if n == 0 {
		t.Fatalf("%s: no button is shown", when)
	}
	if prevEnd > s.actions.Size().Width+1 {
		t.Fatalf("%s: the buttons (%.0f px) run past their row (%.0f px)", when, prevEnd, s.actions.Size().Width)
	}
}

// TestDocumentStepButtonsAreLaidOutAfterEachState: through taken, Retake, the crop
// editor and back, the row of buttons is laid out again each time what it shows changes.
func TestDocumentStepButtonsAreLaidOutAfterEachState(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	front := w.steps[1].(*documentStep)
	wantActionsLaidOut(t, front, "on arrival")

	front.setResult(document.Result{JPEG: testJPEG(t), Measures: []document.Measure{{Name: document.MeasureSharpness}}}, nil)
	wantActionsLaidOut(t, front, "a blurred picture")
	test.Tap(front.retake)
	wantActionsLaidOut(t, front, "after Retake")
	front.showCrop(image.NewRGBA(image.Rect(0, 0, 64, 40)), document.RectQuad(image.Rect(4, 4, 60, 36)))
	front.cancelCrop()
	wantActionsLaidOut(t, front, "after Cancel on the crop")
	front.setResult(document.Result{JPEG: testJPEG(t), OK: true}, nil)
	wantActionsLaidOut(t, front, "a good picture")
	w.Next()
	w.Back()
	wantActionsLaidOut(t, front, "after Next and Back")
	test.Tap(front.retake)
	wantActionsLaidOut(t, front, "after a second Retake")
	if p := fyne.CurrentApp().Driver().AbsolutePositionForObject(front.take); !front.take.Visible() || p.X < 0 {
		t.Fatalf("Take photo is not on screen after Retake (at %v)", p)
	}
}

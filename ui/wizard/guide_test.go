package wizard

import (
	"context"
	"errors"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// TestFramingGuides: over the live camera the ID steps outline a card (ID-1 proportions)
// and the selfie step an upright oval; the outline goes when the picture is taken.
func TestFramingGuides(t *testing.T) {
	w0, _, _ := newTestWizard(t, "oneshot")
	opts := w0.opts
	opts.Preview = func(context.Context) (PreviewSource, error) { return nil, errors.New("no camera in tests") }
	w := New(opts)
	win := test.NewTempWindow(t, w.Object())
	win.Resize(fyne.NewSize(1000, 720))
	front := w.steps[1].(*documentStep)
	// The camera's answer comes from another goroutine: wait for it before going on.
	wait(t, &front.pic.opened, func() { w.goTo(1) })
	fyne.DoAndWait(func() { // one at a time with the camera's frames (newSerialApp)
		g := front.pic.guide
		if !g.object.Visible() {
			t.Fatal("no card outline over the live camera")
		}
		g.object.Resize(fyne.NewSize(800, 500))
		s := g.shape.Size()
		if r := float64(s.Width / s.Height); math.Abs(r-cardAspect) > 0.01 || s.Width > 800*0.81 {
			t.Errorf("the card outline is %v (ratio %.3f)", s, r)
		}
		front.setResult(document.Result{JPEG: testJPEG(t), OK: true}, nil)
		front.pic.show(front.jpeg)
		if g.object.Visible() {
			t.Error("the outline stays over the taken picture")
		}
	})
	selfie := w.steps[3].(*selfieStep)
	wait(t, &selfie.pic.opened, func() { w.goTo(3) })
	fyne.DoAndWait(func() {
		face := selfie.pic.guide
		face.object.Resize(fyne.NewSize(800, 500))
		fs := face.shape.Size()
		if !face.object.Visible() || fs.Height <= fs.Width || face.shape.CornerRadius != fs.Width/2 {
			t.Errorf("the selfie guide is %v (radius %v), want an upright oval", fs, face.shape.CornerRadius)
		}
	})
}

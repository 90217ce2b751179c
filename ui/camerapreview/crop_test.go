package camerapreview

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

func TestCropEditorDragsTheNearestCorner(t *testing.T) {
	test.NewTempApp(t)
	still := image.NewRGBA(image.Rect(0, 0, 800, 600))
	q := document.RectQuad(image.Rect(100, 100, 700, 500))
	e := NewCropEditor(still, q)
	var changed []document.Quad
	e.OnChanged = func(q document.Quad) { changed = append(changed, q) }
	w := test.NewWindow(e)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 300)) // the still is shown at half size
	// The top-left corner is at (50, 50) on screen; drag it 10 right and 20 down.
	test.Drag(w.Canvas(), fyne.NewPos(50, 50), 10, 20)
	got := e.Quad()
	if got[0] != (image.Point{120, 140}) || got[1] != q[1] || got[2] != q[2] || got[3] != q[3] {
		t.Fatalf("quad after drag %v", got)
	}
	if len(changed) != 1 || changed[0] != got {
		t.Fatalf("OnChanged calls %v", changed)
	}
	// A drag far from every corner moves nothing.
	test.Drag(w.Canvas(), fyne.NewPos(200, 150), 30, 30)
	if e.Quad() != got {
		t.Fatalf("a drag in the middle moved a corner: %v", e.Quad())
	}
	// Corners stay inside the still.
	test.Drag(w.Canvas(), fyne.NewPos(350, 250), 200, 200)
	if p := e.Quad()[2]; p != (image.Point{800, 600}) {
		t.Fatalf("bottom-right dragged out to %v", p)
	}
}

package camerapreview

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// cardAt draws a light card with a dark stripe along its top edge at the corners q on
// a dark desk, so the warped output shows whether it came out upright and whole.
func cardAt(w, h int, q document.Quad) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	side := func(i int, x, y float64) float64 {
		a, b := q[i], q[(i+1)%4]
		return (float64(b.X-a.X)*(y-float64(a.Y)) - float64(b.Y-a.Y)*(x-float64(a.X))) /
			math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			c := color.NRGBA{30, 30, 30, 255}
			if side(0, fx, fy) >= 0 && side(1, fx, fy) >= 0 && side(2, fx, fy) >= 0 && side(3, fx, fy) >= 0 {
				c = color.NRGBA{230, 230, 225, 255}
				if side(0, fx, fy) < 40 { // the stripe along the top edge
					c = color.NRGBA{40, 60, 160, 255}
				}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// TestCropEditorDragsCornersToTheCardAndTheWarpRectifiesIt starts the editor on a
// wrong outline, drags each corner onto the tilted card's corner, and processes the
// still with the editor's quad: the output is the card, upright, with nothing of the
// desk.
func TestCropEditorDragsCornersToTheCardAndTheWarpRectifiesIt(t *testing.T) {
	test.NewTempApp(t)
	truth := document.Quad{{230, 120}, {1010, 260}, {930, 700}, {150, 560}}
	still := cardAt(1200, 800, truth)
	start := document.Quad{{200, 100}, {1000, 100}, {1000, 700}, {200, 700}}
	e := NewCropEditor(still, start)
	w := test.NewWindow(e)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(600, 400)) // half size
	for i := range truth {
		from := fyne.NewPos(float32(start[i].X)/2, float32(start[i].Y)/2)
		test.Drag(w.Canvas(), from, float32(truth[i].X-start[i].X)/2, float32(truth[i].Y-start[i].Y)/2)
	}
	got := e.Quad()
	for i := range truth {
		if d := math.Hypot(float64(got[i].X-truth[i].X), float64(got[i].Y-truth[i].Y)); d > 2 {
			t.Fatalf("corner %d dragged to %v, want %v", i, got[i], truth[i])
		}
	}
	opts := document.DefaultOptions()
	opts.Crop = &got
	res, err := document.ProcessImage(context.Background(), still, opts)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jpeg.Decode(bytes.NewReader(res.JPEG))
	if err != nil {
		t.Fatal(err)
	}
	b := out.Bounds()
	if r := float64(b.Dx()) / float64(b.Dy()); math.Abs(r-1.77) > 0.1 { // 791 x 446
		t.Errorf("output %v, ratio %.2f", b, r)
	}
	lum := func(x, y int) float64 {
		r, g, bb, _ := out.At(x, y).RGBA()
		return float64(r+g+bb) / 3 / 257
	}
	blue := func(x, y int) bool {
		r, _, bb, _ := out.At(x, y).RGBA()
		return bb > r+20000
	}
	for y := b.Dy() / 6; y < b.Dy()-6; y += 9 {
		for x := 6; x < b.Dx()-6; x += 9 {
			if lum(x, y) < 150 {
				t.Fatalf("desk or stripe at (%d,%d) of the warped card", x, y)
			}
		}
	}
	if !blue(b.Dx()/2, 8) || blue(b.Dx()/2, b.Dy()-8) {
		t.Error("the card's top stripe is not at the top of the output")
	}
}

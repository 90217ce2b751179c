package wizard

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// tiltedScan is a PNG of a light card tilted on a dark desk, and the card's corners.
func tiltedScan(t *testing.T) ([]byte, document.Quad) {
	t.Helper()
	q := document.Quad{{260, 150}, {1040, 290}, {960, 730}, {180, 590}}
	img := image.NewNRGBA(image.Rect(0, 0, 1200, 860))
	for y := 0; y < 860; y++ {
		for x := 0; x < 1200; x++ {
			in := true
			for i := range q {
				a, b := q[i], q[(i+1)%4]
				in = in && (b.X-a.X)*(y-a.Y)-(b.Y-a.Y)*(x-a.X) >= 0
			}
			c := color.NRGBA{35, 32, 30, 255}
			if in {
				c = color.NRGBA{228, 226, 220, 255}
				if (x/40+y/40)%2 == 0 {
					c = color.NRGBA{200, 205, 215, 255} // print, so the quality checks have edges
				}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), q
}

// wait runs fn with a hook set and waits for the hook to be called.
func wait(t *testing.T, hook *func(), fn func()) {
	t.Helper()
	done := make(chan struct{}, 1)
	*hook = func() { done <- struct{}{} }
	fyne.DoAndWait(fn) // one at a time with the app's own posts (newSerialApp)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("timed out")
	}
	*hook = nil
}

// waitBoth is wait for two hooks that fn's work calls, in any order.
func waitBoth(t *testing.T, a, b *func(), fn func()) {
	t.Helper()
	done := make(chan struct{}, 2)
	*a = func() { done <- struct{}{} }
	*b = func() { done <- struct{}{} }
	fyne.DoAndWait(fn)
	for range 2 {
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("timed out")
		}
	}
	*a, *b = nil, nil
}

func TestImportProposesTheDetectedCropAndAppliesTheOperatorsCorners(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	s := w.steps[1].(*documentStep)
	scan, truth := tiltedScan(t)
	wait(t, &s.proposed, func() { s.propose(s.decodeImport(scan)) })
	if s.crop == nil || !s.cropActions.Visible() || s.actions.Visible() || s.center.Objects[0] != s.crop.editor {
		t.Fatal("the crop editor is not shown")
	}
	q := s.crop.editor.Quad()
	for i := range q {
		if d := math.Hypot(float64(q[i].X-truth[i].X), float64(q[i].Y-truth[i].Y)); d > 14 {
			t.Fatalf("proposed corner %d at %v, the card's is %v", i, q[i], truth[i])
		}
	}
	// The operator drags the top-left corner further in, then resets, then drags it
	// onto the card's corner exactly.
	e := s.crop.editor
	e.Resize(fyne.NewSize(600, 430)) // the still at half size
	drag := func(from image.Point, dx, dy int) {
		p := fyne.NewPos(float32(from.X)/2, float32(from.Y)/2)
		e.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p.AddXY(float32(dx)/2, float32(dy)/2)}, Dragged: fyne.NewDelta(float32(dx)/2, float32(dy)/2)})
		e.DragEnd()
	}
	drag(q[0], 100, 40)
	if e.Quad()[0] == q[0] {
		t.Fatal("the drag moved nothing")
	}
	s.crop.editor.SetQuad(s.crop.proposal) // what "Reset corners" does
	drag(q[0], truth[0].X-q[0].X, truth[0].Y-q[0].Y)
	used := e.Quad()
	if d := math.Hypot(float64(used[0].X-truth[0].X), float64(used[0].Y-truth[0].Y)); d > 2 {
		t.Fatalf("corner dragged to %v, want %v", used[0], truth[0])
	}
	wait(t, &s.resultDone, s.useCrop)
	if s.crop != nil || !s.actions.Visible() || len(s.jpeg) == 0 {
		t.Fatalf("not back to the picture: %q", w.errText.Text)
	}
	out, err := jpeg.Decode(bytes.NewReader(s.jpeg))
	if err != nil {
		t.Fatal(err)
	}
	// The card is 792 x 446: the warped output has its proportions and no desk.
	if r := float64(out.Bounds().Dx()) / float64(out.Bounds().Dy()); math.Abs(r-792.0/446) > 0.08 {
		t.Fatalf("output %v", out.Bounds())
	}
	for _, p := range []image.Point{{10, 10}, {out.Bounds().Dx() - 10, out.Bounds().Dy() - 10}} {
		if r, _, _, _ := out.At(p.X, p.Y).RGBA(); r < 150*257 {
			t.Errorf("desk at %v of the output", p)
		}
	}
}

func TestDropTakesOneImageThroughTheImportChecks(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	dir := t.TempDir()
	scan, _ := tiltedScan(t)
	write := func(name string, b []byte) fyne.URI {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return storage.NewFileURI(p)
	}
	card := write("card.png", scan)
	// Ignored off the document steps.
	w.dropped(fyne.Position{}, []fyne.URI{card})
	if w.steps[1].(*documentStep).crop != nil || w.errText.Text != "" {
		t.Fatal("a drop on the applicant form did something")
	}
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	s := w.steps[1].(*documentStep)
	for _, c := range []struct {
		name string
		uris []fyne.URI
		want string
	}{
		{"two files", []fyne.URI{card, card}, errDropOne.Error()},
		{"not an image by name", []fyne.URI{write("notes.txt", []byte("hello"))}, "notes.txt"},
	} {
		w.dropped(fyne.Position{}, c.uris)
		if !strings.Contains(w.errText.Text, c.want) || s.crop != nil {
			t.Errorf("%s: %q", c.name, w.errText.Text)
		}
	}
	// An image by name whose bytes are not: refused by the pipeline, as on import.
	wait(t, &s.proposed, func() {
		w.dropped(fyne.Position{}, []fyne.URI{write("fake.jpg", []byte("not a jpeg at all"))})
	})
	if !strings.Contains(w.errText.Text, "not an image") || s.crop != nil {
		t.Fatalf("%q", w.errText.Text)
	}
	// A real one opens the crop editor.
	wait(t, &s.proposed, func() { w.dropped(fyne.Position{}, []fyne.URI{card}) })
	if s.crop == nil {
		t.Fatalf("the dropped image was not proposed for cropping: %q", w.errText.Text)
	}
}

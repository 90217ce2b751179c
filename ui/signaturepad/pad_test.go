package signaturepad

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/evdev"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

var (
	_ Source = (*evdev.Reader)(nil)
	_ Source = (*stu.Pad)(nil)
)

// clock returns a Now that advances 8 ms per call.
func clock() func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(8 * time.Millisecond); return t }
}

func newPad(t *testing.T) (*Pad, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	p := New(Options{Now: clock()})
	w := test.NewTempWindow(t, p)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(600, 300))
	return p, w
}

// drag presses at the first point, drags through the rest and releases.
func drag(p *Pad, pts []fyne.Position) {
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pts[0]}, Button: desktop.MouseButtonPrimary})
	for i := 1; i < len(pts); i++ {
		p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pts[i]}, Dragged: fyne.Delta{DX: pts[i].X - pts[i-1].X, DY: pts[i].Y - pts[i-1].Y}})
	}
	p.DragEnd()
	p.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pts[len(pts)-1]}})
}

// loop returns points of a looping scribble across the pad.
func loop(n int) []fyne.Position {
	var pts []fyne.Position
	for i := range n {
		a := float64(i) / float64(n) * 4 * math.Pi
		pts = append(pts, fyne.NewPos(float32(100+float64(i)*4+40*math.Cos(a)), float32(150+60*math.Sin(a))))
	}
	return pts
}

func TestDragStrokeKeepsEverySample(t *testing.T) {
	p, _ := newPad(t)
	pts := loop(80)
	drag(p, pts)
	got := p.Samples()
	if len(got) != len(pts)+1 {
		t.Fatalf("%d samples for %d pointer events (+1 pen-up)", len(got), len(pts))
	}
	for i, pos := range pts {
		s := got[i]
		if !s.Contact || s.X != int32(math.Round(float64(pos.X*10))) || s.Y != int32(math.Round(float64(pos.Y*10))) {
			t.Fatalf("sample %d %+v for event at %v", i, s, pos)
		}
		if s.Pressure != 0 || p.Signature().Device.HasPressure {
			t.Fatal("pointer pressure must be recorded as absent")
		}
		if i > 0 && s.T <= got[i-1].T {
			t.Fatalf("sample %d time %d not after %d", i, s.T, got[i-1].T)
		}
	}
	if got[len(got)-1].Contact {
		t.Fatal("no pen-up sample after the stroke")
	}
	for i := 10; i < 70; i += 10 {
		if pos := pts[i]; !inkNear(p, pos) {
			t.Fatalf("no ink drawn near %v", pts[i])
		}
	}
	if inkNear(p, fyne.NewPos(580, 20)) {
		t.Fatal("ink where the pen never went")
	}
	if _, err := p.Accept(); err != nil {
		t.Fatalf("a looping scribble was refused: %v", err)
	}
}

// inkNear reports whether the raster has ink within 2 units of pos.
func inkNear(p *Pad, pos fyne.Position) bool {
	img := p.Image()
	for dy := -2; dy <= 2; dy++ {
		for dx := -2; dx <= 2; dx++ {
			if img.NRGBAAt(int(pos.X)+dx, int(pos.Y)+dy).A > 100 {
				return true
			}
		}
	}
	return false
}

func TestUndoAndClear(t *testing.T) {
	p, _ := newPad(t)
	first := loop(40)
	drag(p, first)
	n := len(p.Samples())
	second := []fyne.Position{{X: 500, Y: 40}, {X: 520, Y: 60}, {X: 540, Y: 40}, {X: 560, Y: 60}}
	drag(p, second)
	if !inkNear(p, second[1]) {
		t.Fatal("second stroke not drawn")
	}
	p.Undo()
	if len(p.Samples()) != n || inkNear(p, second[1]) || !inkNear(p, first[20]) {
		t.Fatalf("after undo: %d samples (want %d), second stroke ink %v", len(p.Samples()), n, inkNear(p, second[1]))
	}
	p.Clear()
	if len(p.Samples()) != 0 || inkNear(p, first[20]) {
		t.Fatal("clear left samples or ink")
	}
	if _, err := p.Accept(); !errors.Is(err, signature.ErrEmpty) {
		t.Fatalf("accept of an empty pad: %v", err)
	}
}

func TestAcceptRefusesLineAndDot(t *testing.T) {
	p, _ := newPad(t)
	var line []fyne.Position
	for i := range 60 {
		line = append(line, fyne.NewPos(float32(50+i*8), 150))
	}
	drag(p, line)
	if _, err := p.Accept(); !errors.Is(err, signature.ErrStraightLine) {
		t.Fatalf("straight line: %v", err)
	}
	p.Clear()
	drag(p, []fyne.Position{{X: 300, Y: 150}, {X: 301, Y: 150}})
	if _, err := p.Accept(); !errors.Is(err, signature.ErrSingleDot) {
		t.Fatalf("dot: %v", err)
	}
}

// TestCanvasDrag goes through the canvas hit test (touch: no MouseDown) and checks the
// start and end points are both recorded.
func TestCanvasDrag(t *testing.T) {
	p, w := newPad(t)
	test.Drag(w.Canvas(), fyne.NewPos(100, 100), 50, 20) // moved to (100,100) from (50,80)
	s := p.Samples()
	if len(s) != 3 || s[0].X != 500 || s[0].Y != 800 || s[1].X != 1000 || s[1].Y != 1000 || s[2].Contact {
		t.Fatalf("samples %+v", s)
	}
}

// TestAttachReplay streams an SVC2004 signature into the pad as a tablet would and
// checks that every sample arrives and the ink is drawn.
func TestAttachReplay(t *testing.T) {
	p, _ := newPad(t)
	sig := svctest.Load(t, "Task2/U1S1.TXT")
	if err := <-p.Attach(context.Background(), &player{sig: sig}); err != nil {
		t.Fatal(err)
	}
	got := p.Signature()
	if len(got.Samples) != len(sig.Samples) || got.Device != sig.Device {
		t.Fatalf("%d samples from a %d-sample replay, device %+v", len(got.Samples), len(sig.Samples), got.Device)
	}
	if inked(p) < 300 {
		t.Fatalf("only %d pixels inked", inked(p))
	}
	if _, err := p.Accept(); err != nil {
		t.Fatalf("a genuine SVC2004 signature was refused: %v", err)
	}
}

func inked(p *Pad) int {
	n := 0
	for i := 3; i < len(p.Image().Pix); i += 4 {
		if p.Image().Pix[i] > 0 {
			n++
		}
	}
	return n
}

func TestPadImage(t *testing.T) {
	p, w := newPad(t)
	drag(p, loop(80))
	test.AssertRendersToImage(t, "stroke.png", w.Canvas())
}

func TestOpenSource(t *testing.T) {
	if src, err := OpenSource(context.Background(), "pointer"); src != nil || err != nil {
		t.Fatalf("pointer: %v, %v", src, err)
	}
	if _, err := OpenSource(context.Background(), "evdev:/dev/input/event-missing"); err == nil {
		t.Fatal("a missing tablet opened")
	}
	if _, err := OpenSource(context.Background(), "stu:/dev/hidraw-missing"); err == nil {
		t.Fatal("a missing signature pad opened")
	}
	if _, err := OpenSource(context.Background(), "wacom"); err == nil {
		t.Fatal("an unknown source was accepted")
	}
}

// TestDragOutsideIsHeldAtBorder drags past the pad's edges: the samples stay within the
// pad, so the record can be encoded.
func TestDragOutsideIsHeldAtBorder(t *testing.T) {
	p, _ := newPad(t)
	drag(p, []fyne.Position{{X: 10, Y: 10}, {X: -40, Y: 20}, {X: 650, Y: 340}})
	for _, s := range p.Samples() {
		if s.X < 0 || s.Y < 0 || s.X > 6000 || s.Y > 3000 {
			t.Fatalf("sample %+v outside the 600x300 pad", s)
		}
	}
	if s := p.Samples()[1]; s.X != 0 || s.Y != 200 {
		t.Fatalf("sample left of the pad: %+v, want X held at 0", s)
	}
}

// TestResume stops a source in the middle of a stroke (an unplugged pad) and resumes with
// another: the samples so far are kept, the open stroke is ended, and the times go on
// after the last kept one.
func TestResume(t *testing.T) {
	p, _ := newPad(t)
	sig := svctest.Load(t, "Task2/U1S1.TXT")
	half := len(sig.Samples) / 2
	for !sig.Samples[half].Contact {
		half++
	}
	first := sig
	first.Samples = sig.Samples[:half+1]
	if err := <-p.Attach(context.Background(), &player{sig: first}); err != nil {
		t.Fatal(err)
	}
	rest := sig
	rest.Samples = sig.Samples[half+1:]
	if err := <-p.Resume(context.Background(), &player{sig: rest}); err != nil {
		t.Fatal(err)
	}
	got := p.Samples()
	if len(got) != len(sig.Samples)+1 {
		t.Fatalf("%d samples, want %d kept and resumed plus the pen-up that ends the cut stroke", len(got), len(sig.Samples))
	}
	if up := got[half+1]; up.Contact || up.X != sig.Samples[half].X {
		t.Fatalf("the stroke cut by the stop was not ended: %+v", up)
	}
	for i := 1; i < len(got); i++ {
		if got[i].T < got[i-1].T {
			t.Fatalf("time goes back at sample %d: %d after %d", i, got[i].T, got[i-1].T)
		}
	}
	if got[half+2].T <= got[half].T {
		t.Fatalf("resumed samples start at %d ms, before the last kept one (%d ms)", got[half+2].T, got[half].T)
	}
}

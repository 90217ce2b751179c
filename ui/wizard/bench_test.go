package wizard

import (
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// heapBound is the most the live heap may grow over 20 enrolments: everything of a
// customer must leave memory once sealed.
const heapBound = 16 << 20

// liveHeap returns the live heap after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkTwentyEnrolments runs 20 whole enrolments (form, pictures, clip, terms,
// signature, checklist, seal into a real store) per op and reports the live heap at
// rest and after them. It fails when the heap grows past heapBound.
func BenchmarkTwentyEnrolments(b *testing.B) {
	test.NewTempApp(b)
	db := storetest.Open(b)
	c := &clock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	w := New(Options{Store: db, Profile: "oneshot", Operator: func() string { return "rao" },
		Terms: Terms{Version: "T-1", Text: "terms"}, Document: document.DefaultOptions(), Now: c.now})
	win := test.NewTempWindow(b, w.Object())
	win.Resize(fyne.NewSize(1000, 720))
	jpg := testJPEG(b)
	sealed := make(chan struct{}, 1)
	w.sealDone = func() { sealed <- struct{}{} }
	enrol := func() {
		walk(b, w, jpg, testVideo(300<<10))
		w.Next()
		<-sealed
		w.Reset()
	}
	enrol() // warm caches before measuring rest
	rest := liveHeap()
	b.ResetTimer()
	var after uint64
	for range b.N {
		for range 20 {
			enrol()
		}
		b.StopTimer()
		after = liveHeap()
		b.StartTimer()
	}
	b.ReportMetric(float64(rest)/(1<<20), "MiB-at-rest")
	b.ReportMetric(float64(after)/(1<<20), "MiB-after-20")
	b.ReportMetric((float64(after)-float64(rest))/(1<<10), "KiB-growth")
	if after > rest+heapBound {
		b.Fatalf("the live heap grew from %d to %d bytes over 20 enrolments (bound %d)", rest, after, heapBound)
	}
}

// BenchmarkSignerFrame measures one frame of the customer's signature screen while the
// pen moves: a pointer move into the pad and a full repaint of the window (software
// painter). The idle frame (a repaint with no new ink) is run side by side as the peer;
// ink-vs-idle is the ratio.
func BenchmarkSignerFrame(b *testing.B) {
	test.NewTempApp(b)
	c := &clock{t: time.Unix(0, 0)}
	w := New(Options{Profile: "oneshot", Terms: Terms{Version: "T-1", Text: "terms"}, Now: c.now})
	win := test.NewTempWindow(b, w.Object())
	win.Resize(fyne.NewSize(1280, 800))
	sig := w.steps[5].(*signatureStep)
	sig.open()
	pad := sig.signer.pad
	size := pad.Size()
	start := time.Now()
	for range max(b.N, 10) {
		win.Canvas().Capture()
	}
	idle := float64(time.Since(start).Nanoseconds()) / float64(max(b.N, 10))
	pad.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(10, size.Height/2)}})
	b.ResetTimer()
	for i := range b.N {
		x := float32(10 + i%int(size.Width-20))
		y := size.Height/2 + float32(i%40) - 20
		pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, y)}, Dragged: fyne.NewDelta(1, 1)})
		win.Canvas().Capture()
	}
	b.StopTimer()
	perFrame := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perFrame/1e6, "ms/frame")
	b.ReportMetric(perFrame/idle, "ink/idle")
}

package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// BenchmarkStartToFirstFrame measures what the app does between start and its first
// frame: open the store, build the login and the shell with every section, and paint the
// window once (software painter, 1280x800). A window with one label, built and painted
// the same way, runs side by side as the peer; shell/hello is the ratio.
func BenchmarkStartToFirstFrame(b *testing.B) {
	test.NewTempApp(b)
	hello := func() {
		w := test.NewWindow(widget.NewLabel("Hello"))
		w.Resize(fyne.NewSize(1280, 800))
		w.Canvas().Capture()
		w.Close()
	}
	start := time.Now()
	for range 5 {
		hello()
	}
	peer := float64(time.Since(start).Nanoseconds()) / 5
	b.ResetTimer()
	for range b.N {
		dir := b.TempDir()
		db := storetest.Open(b, storetest.InDir(dir))
		svc := access.NewService(context.Background(), access.Config{Values: db, MaxFailures: 5})
		s := NewShell(Deps{Config: config.Default(), DataDir: dir, Store: db, Login: svc,
			Terms: wizard.Terms{Version: "T", Text: "terms"}})
		w := test.NewWindow(s.Object())
		w.Resize(fyne.NewSize(1280, 800))
		w.Canvas().Capture()
		b.StopTimer()
		w.Close()
		db.Close()
		b.StartTimer()
	}
	b.StopTimer()
	perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perOp/1e6, "ms/first-frame")
	b.ReportMetric(perOp/peer, "shell/hello")
}

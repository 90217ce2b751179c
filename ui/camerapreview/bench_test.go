//go:build !windows

package camerapreview

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
)

// BenchmarkPreview runs the widget on the videotest camera at 30 fps, in a 960x720 box,
// and reports the frames per second actually shown, those skipped because the UI was
// behind, and the CPU the whole path (camera, scaling, conversion, fyne.Do) costs.
func BenchmarkPreview(b *testing.B) {
	for _, size := range []camera.Size{{Width: 640, Height: 480}, {Width: 1280, Height: 720}} {
		b.Run(fmt.Sprintf("%dx%d", size.Width, size.Height), func(b *testing.B) {
			test.NewTempApp(b)
			cam, err := camera.Open(context.Background(), camera.SourceVideoTest, "", camera.Options{Size: size, FrameRate: 30})
			if err != nil {
				b.Fatal(err)
			}
			defer cam.Close()
			p := New()
			w := test.NewWindow(p)
			defer w.Close()
			p.Resize(fyne.NewSize(960, 720))
			p.Start(cam)
			defer p.Stop()
			for p.Shown() == 0 {
				time.Sleep(time.Millisecond)
			}
			var ru0, ru1 syscall.Rusage
			b.ResetTimer()
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			t0, start := time.Now(), p.Shown()+p.Skipped()
			for p.Shown()+p.Skipped()-start < uint64(b.N) {
				time.Sleep(time.Millisecond)
			}
			wall := time.Since(t0)
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
			b.ReportMetric(float64(b.N)/wall.Seconds(), "frames/s")
			b.ReportMetric(float64(p.Skipped()), "skipped")
			b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu-%")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/frame")
		})
	}
}

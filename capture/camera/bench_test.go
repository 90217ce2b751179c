//go:build !windows

package camera

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPreviewFrames measures the frames per second a preview subscriber receives
// from the videotest camera at 30 fps, and the CPU the camera pipeline (driver, copy,
// fan-out) spends per frame and as a share of one core.
func BenchmarkPreviewFrames(b *testing.B) {
	for _, size := range []Size{{640, 480}, {1280, 720}} {
		b.Run(size.String(), func(b *testing.B) {
			ctx := context.Background()
			cam, err := Open(ctx, SourceVideoTest, "", Options{Size: size, FrameRate: 30})
			if err != nil {
				b.Fatal(err)
			}
			defer cam.Close()
			sub := cam.Subscribe(1)
			<-sub.C // the first frame includes start-up
			b.ResetTimer()
			t0, c0 := time.Now(), cpuTime(b)
			for i := 0; i < b.N; i++ {
				if _, ok := <-sub.C; !ok {
					b.Fatal(cam.Err())
				}
			}
			wall, cpu := time.Since(t0), cpuTime(b)-c0
			b.ReportMetric(float64(b.N)/wall.Seconds(), "frames/s")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/frame")
			b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu-%")
			b.ReportMetric(float64(sub.Dropped()), "dropped")
		})
	}
}

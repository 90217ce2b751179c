//go:build !windows

package video

import (
	"context"
	"image"
	"syscall"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
	mdvideo "github.com/pion/mediadevices/pkg/io/video"
)

// BenchmarkVP8Encode640x480 encodes videotest frames (colour bars with a noise band) as
// fast as the encoder goes, with the settings Record uses, and reports the frames per
// second and the ratio to the 30 fps a selfie needs (>= 1 keeps up).
func BenchmarkVP8Encode640x480(b *testing.B) {
	size := camera.Size{Width: 640, Height: 480}
	cam, err := camera.Open(context.Background(), camera.SourceVideoTest, "", camera.Options{Size: size, FrameRate: 30})
	if err != nil {
		b.Fatal(err)
	}
	var frames []image.Image
	sub := cam.Subscribe(8)
	for len(frames) < 8 {
		frames = append(frames, (<-sub.C).Image)
	}
	_ = cam.Close()
	i := 0
	r := mdvideo.ReaderFunc(func() (image.Image, func(), error) {
		i++
		return frames[i%len(frames)], func() {}, nil
	})
	enc, err := newEncoder(r, size, 30, 3_000_000)
	if err != nil {
		b.Fatal(err)
	}
	defer enc.Close()
	var bytes int
	var ru0, ru1 syscall.Rusage
	b.ResetTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	t0 := time.Now()
	for n := 0; n < b.N; n++ {
		data, release, err := enc.Read()
		if err != nil {
			b.Fatal(err)
		}
		bytes += len(data)
		release()
	}
	fps := float64(b.N) / time.Since(t0).Seconds()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	// CPU per frame does not depend on other load: under 33 ms keeps up with 30 fps on one core.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/frame")
	b.ReportMetric(fps, "frames/s")
	b.ReportMetric(fps/30, "x-realtime-30fps")
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/frame")
}

package ink

import (
	"image"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

// BenchmarkSegment measures one incremental Add (the segment a new sample completes) on
// an 800x400 raster, over the points of the longest SVC2004 signature.
func BenchmarkSegment(b *testing.B) {
	_, sig := svctest.Longest(b)
	dst := image.NewNRGBA(image.Rect(0, 0, 800, 400))
	tr := Fit(sig.Device, 800, 400)
	var pts []Point
	for _, s := range sig.Samples {
		if s.Contact {
			pts = append(pts, tr.Point(s, sig.Device.PressureMax))
		}
	}
	st := NewStroker(dst, DefaultPen(1))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		st.Add(pts[i%len(pts)])
		if i++; i%len(pts) == 0 {
			st.End()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "µs/segment")
}

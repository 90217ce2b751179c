package document

import (
	"bytes"
	"context"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/document/documenttest"
)

// BenchmarkProcess12MP runs the whole pipeline in process on a 12 MP camera-like JPEG
// (detection, the region's decode and resize, measures, the budget encode). It is for
// profiling (-cpuprofile, -memprofile); the comparison with libvips is the whole-process
// BenchmarkDocumentVsVips in cmd/enrolctl.
func BenchmarkProcess12MP(b *testing.B) {
	data, err := documenttest.EncodeJPEG(documenttest.CameraLike(4000, 3000, 1), 96, false)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var size int
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Process(ctx, bytes.NewReader(data), DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		size = res.Bytes
	}
	b.ReportMetric(float64(size), "out-bytes")
}

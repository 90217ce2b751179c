package document

import (
	"bytes"
	"context"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/disintegration/imaging"
)

// twelveMP writes a 4000x3000 (12 MP) camera-like JPEG made from the card fixture.
func twelveMP(b *testing.B) (string, []byte) {
	b.Helper()
	img, err := jpeg.Decode(bytes.NewReader(open(b, "card.jpg")))
	if err != nil {
		b.Fatal(err)
	}
	big := imaging.Resize(img, 4000, 3000, imaging.Linear)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, big, &jpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "12mp.jpg")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	return path, buf.Bytes()
}

// BenchmarkProcess12MP runs the whole pipeline (decode, detect, crop, resize to 2000 px,
// quality measures, budget search under 500 KB) and, in the same run, libvips'
// vipsthumbnail doing the resize to 2000 px and one JPEG encode. It reports both times and
// their ratio (ours / vips).
func BenchmarkProcess12MP(b *testing.B) {
	path, data := twelveMP(b)
	vips, err := exec.LookPath("vipsthumbnail")
	if err != nil {
		b.Skip("vipsthumbnail not installed (make deps installs libvips-tools)")
	}
	out := filepath.Join(b.TempDir(), "vips.jpg")
	ctx := context.Background()
	var ours, theirs time.Duration
	var size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		res, err := Process(ctx, bytes.NewReader(data), DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		ours += time.Since(t0)
		size = res.Bytes
		t1 := time.Now()
		if msg, err := exec.Command(vips, path, "-s", "2000x2000", "-o", out+"[Q=85]").CombinedOutput(); err != nil {
			b.Fatalf("vipsthumbnail: %v: %s", err, msg)
		}
		theirs += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(ours.Milliseconds())/n, "ours-ms/op")
	b.ReportMetric(float64(theirs.Milliseconds())/n, "vips-ms/op")
	b.ReportMetric(float64(ours)/float64(theirs), "ratio-vs-vips")
	b.ReportMetric(float64(size), "bytes")
}

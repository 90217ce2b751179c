package biodata

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/ink"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

// BenchmarkBiometricDataLongest builds the encrypted biometric_data of the longest
// SVC2004 signature and reports its base64 size against the 300 KB limit.
func BenchmarkBiometricDataLongest(b *testing.B) {
	_, sig := svctest.Longest(b)
	id, _ := age.GenerateX25519Identity()
	opt := Options{Recipient: id.Recipient().String()}
	var out []byte
	for b.Loop() {
		var err error
		if out, err = BiometricData(sig, sha256.Sum256(nil), opt); err != nil {
			b.Fatal(err)
		}
	}
	n := base64.StdEncoding.EncodedLen(len(out))
	b.ReportMetric(float64(n), "base64_bytes")
	b.ReportMetric(float64(n)/MaxBiometricData*100, "%_of_limit")
}

// BenchmarkSignatureImageLongest renders the PNG of the longest SVC2004 signature at the
// default 800x300 and, side by side, has ImageMagick draw the same strokes as polylines
// of the same width into a PNG of the same size; it reports the time ratio (ours/theirs)
// and the PNG size.
func BenchmarkSignatureImageLongest(b *testing.B) {
	_, sig := svctest.Longest(b)
	opt := DefaultImageOptions()
	var out []byte
	start := time.Now()
	for b.Loop() {
		var err error
		if out, err = SignatureImage(sig, opt); err != nil {
			b.Fatal(err)
		}
	}
	ours := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(base64.StdEncoding.EncodedLen(len(out))), "png_base64_bytes")
	if theirs, ok := magickDraw(b, sig, opt); ok {
		b.ReportMetric(float64(ours)/float64(theirs), "ours/imagemagick")
	}
}

// magickDraw times one `convert` run drawing sig's strokes (fitted like ink.Render).
func magickDraw(b *testing.B, sig signature.Signature, opt ImageOptions) (time.Duration, bool) {
	convert, err := exec.LookPath("convert")
	if err != nil {
		b.Log("ImageMagick convert not installed: no peer ratio")
		return 0, false
	}
	img := ink.Render(sig, opt.Width, opt.Height, opt.Padding, ink.DefaultPen(1))
	minX, minY, maxX, maxY, _ := sig.Bounds()
	sx := float64(img.Rect.Dx()-2*opt.Padding) / float64(max(maxX-minX, 1))
	sy := float64(img.Rect.Dy()-2*opt.Padding) / float64(max(maxY-minY, 1))
	sc := min(sx, sy)
	var draw strings.Builder
	for _, st := range sig.Strokes() {
		draw.WriteString("polyline")
		for _, s := range st {
			fmt.Fprintf(&draw, " %.1f,%.1f", float64(s.X-minX)*sc+float64(opt.Padding), float64(s.Y-minY)*sc+float64(opt.Padding))
		}
		draw.WriteString(" ")
	}
	dst := filepath.Join(b.TempDir(), "peer.png")
	args := []string{"-size", fmt.Sprintf("%dx%d", img.Rect.Dx(), img.Rect.Dy()), "xc:white", "-fill", "none",
		"-stroke", "#101e6e", "-strokewidth", "2.5", "-draw", draw.String(), dst}
	const runs = 3
	start := time.Now()
	for range runs {
		if out, err := exec.Command(convert, args...).CombinedOutput(); err != nil {
			b.Logf("convert failed: %v: %s", err, out)
			return 0, false
		}
	}
	if _, err := os.Stat(dst); err != nil {
		return 0, false
	}
	return time.Since(start) / runs, true
}

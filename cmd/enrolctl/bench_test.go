package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document/documenttest"
)

// vipsPicture is one input of BenchmarkDocumentVsVips.
type vipsPicture struct {
	name        string
	w, h        int
	orientation int // EXIF orientation written into the file (1: upright)
	progressive bool
}

// BenchmarkDocumentVsVips runs `enrolctl document process` (auto crop, 2000 px, 500 KB:
// the defaults) and `vipsthumbnail -s 2000 -o out.jpg[Q=85]` as whole processes on the
// same camera-like JPEG, interleaved pair by pair under /usr/bin/time, and reports the
// ratios ours/vips of the median wall time, the median CPU time and the largest peak RSS,
// and the SSIM of each output against a Lanczos resize of the full decode (of the part
// each output shows: the detected card for ours, the whole frame for vips). The pictures
// are documenttest.CameraLike photos: texture at several scales, a card with print, the
// sensor's noise and the lens's and demosaicing's low-pass.
func BenchmarkDocumentVsVips(b *testing.B) {
	vips, err := exec.LookPath("vipsthumbnail")
	if err != nil {
		b.Skip("vipsthumbnail not installed (make deps installs libvips-tools)")
	}
	timeCmd := "/usr/bin/time"
	if _, err := os.Stat(timeCmd); err != nil {
		b.Skip("/usr/bin/time not installed (make deps installs time)")
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "enrolctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build enrolctl: %v\n%s", err, out)
	}
	pictures := []vipsPicture{
		{name: "12MP", w: 4000, h: 3000, orientation: 6},
		{name: "48MP", w: 8000, h: 6000, orientation: 1},
		{name: "6MP-progressive", w: 3000, h: 2000, orientation: 1, progressive: true},
	}
	for _, p := range pictures {
		in := filepath.Join(dir, p.name+".jpg")
		// Quality 96 is what phones save at: about 3.2 MB for 12 MP of this texture.
		data, err := documenttest.EncodeJPEG(documenttest.CameraLike(p.w, p.h, 1), 96, p.progressive)
		if err != nil {
			b.Fatal(err)
		}
		if p.orientation != 1 {
			data = documenttest.WithOrientation(data, p.orientation)
		}
		if err := os.WriteFile(in, data, 0o600); err != nil {
			b.Fatal(err)
		}
		b.Run(p.name, func(b *testing.B) {
			ours := []string{bin, "document", "process", in, "--out", filepath.Join(dir, "ours.jpg"), "--json"}
			theirs := []string{vips, in, "-s", "2000", "-o", filepath.Join(dir, "vips.jpg") + "[Q=85]"}
			var ow, vw, oc, vc []float64
			var orss, vrss int
			var report []byte
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				wall, cpu, rss, out := timed(b, timeCmd, ours)
				ow, oc, orss, report = append(ow, wall), append(oc, cpu), max(orss, rss), out
				wall, cpu, rss, _ = timed(b, timeCmd, theirs)
				vw, vc, vrss = append(vw, wall), append(vc, cpu), max(vrss, rss)
			}
			b.StopTimer()
			var rep documentReport
			if err := json.Unmarshal(report, &rep); err != nil {
				b.Fatalf("enrolctl --json: %v\n%s", err, report)
			}
			res := rep.Result
			if res.Bytes > 500_000 || (p.orientation >= 5) != (res.Height > res.Width) {
				b.Fatalf("%dx%d, %d bytes: over the budget or not upright", res.Width, res.Height, res.Bytes)
			}
			full := upright(b, data, p.orientation)
			b.ReportMetric(median(ow)*1000, "ours-ms")
			b.ReportMetric(median(vw)*1000, "vips-ms")
			b.ReportMetric(median(ow)/median(vw), "wall-ratio")
			b.ReportMetric(median(oc)/median(vc), "cpu-ratio")
			b.ReportMetric(float64(orss)/float64(vrss), "rss-ratio")
			b.ReportMetric(float64(orss)/1024, "ours-rss-MB")
			b.ReportMetric(ssimOf(b, filepath.Join(dir, "ours.jpg"), full, res.Crop.Bounds()), "ssim-ours")
			b.ReportMetric(ssimOf(b, filepath.Join(dir, "vips.jpg"), full, full.Bounds()), "ssim-vips")
			b.ReportMetric(float64(res.Bytes), "bytes")
			b.ReportMetric(float64(res.Quality), "quality")
		})
	}
}

// timed runs args under /usr/bin/time and returns the wall time in seconds (measured
// here), the CPU seconds and peak RSS in KB (from time), and the command's stdout.
func timed(b *testing.B, timeCmd string, args []string) (float64, float64, int, []byte) {
	stats := filepath.Join(b.TempDir(), "time")
	cmd := exec.Command(timeCmd, append([]string{"-f", "%U %S %M", "-o", stats}, args...)...)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+b.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v\n%s", args[0], err, errb.String())
	}
	wall := time.Since(start).Seconds()
	raw, err := os.ReadFile(stats)
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		b.Fatalf("unexpected /usr/bin/time output %q", raw)
	}
	u, _ := strconv.ParseFloat(f[len(f)-3], 64)
	s, _ := strconv.ParseFloat(f[len(f)-2], 64)
	rss, _ := strconv.Atoi(f[len(f)-1])
	return wall, u + s, rss, out.Bytes()
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// upright decodes data fully and turns it as EXIF orientation o says (1 or 6 here).
func upright(b *testing.B, data []byte, o int) image.Image {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	switch o {
	case 1:
		return img
	case 6:
		return imaging.Rotate270(img)
	}
	b.Fatalf("orientation %d not handled by the benchmark", o)
	return nil
}

// ssimOf is the SSIM of the JPEG at path against a Lanczos resize of the part r of full.
func ssimOf(b *testing.B, path string, full image.Image, r image.Rectangle) float64 {
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	out, err := jpeg.Decode(bytes.NewReader(raw))
	if err != nil {
		b.Fatal(err)
	}
	ref := imaging.Resize(imaging.Crop(full, r), out.Bounds().Dx(), out.Bounds().Dy(), imaging.Lanczos)
	s, err := documenttest.SSIM(out, ref)
	if err != nil {
		b.Fatal(fmt.Errorf("%s: %w", path, err))
	}
	return s
}

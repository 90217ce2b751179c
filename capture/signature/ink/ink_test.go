package ink

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs under testdata/golden")

// goldens are a few SVC2004 signatures of different shapes: short, long, a forgery.
var goldens = []string{"Task2/U1S1.TXT", "Task2/U17S26.TXT", "Task2/U5S25.TXT"}

func TestRenderGolden(t *testing.T) {
	for _, name := range goldens {
		sig := svctest.Load(t, name)
		img := Render(sig, 600, 240, 8, DefaultPen(1))
		file := filepath.Join("testdata", "golden", filepath.Base(name)+".png")
		if *update {
			var buf bytes.Buffer
			if err := png.Encode(&buf, img); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want := readPNG(t, file)
		if diff := differing(img, want); diff > 0 {
			t.Errorf("%s: %d pixels differ from %s by more than 2/255 (run with -args -update after checking the picture)", name, diff, file)
		}
	}
}

func readPNG(t *testing.T, file string) image.Image {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return img
}

// differing counts pixels whose alpha differs by more than 2 (float rounding may vary
// across CPUs); a different size counts every pixel.
func differing(got *image.NRGBA, want image.Image) int {
	if got.Bounds() != want.Bounds() {
		return got.Bounds().Dx() * got.Bounds().Dy()
	}
	n := 0
	b := got.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			_, _, _, wa := want.At(x, y).RGBA()
			ga := int(got.NRGBAAt(x, y).A)
			if d := ga - int(wa>>8); d > 2 || d < -2 {
				n++
			}
		}
	}
	return n
}

// TestIncrementalEqualsWhole draws a signature one point at a time, checking that each
// point changes pixels only inside the rectangle it reports, and that the end result is
// the whole-signature drawing.
func TestIncrementalEqualsWhole(t *testing.T) {
	sig := svctest.Load(t, goldens[0])
	tr := Fit(sig.Device, 400, 320)
	whole := image.NewNRGBA(image.Rect(0, 0, 400, 320))
	Draw(whole, sig, tr, DefaultPen(1))

	inc := image.NewNRGBA(whole.Rect)
	st := NewStroker(inc, DefaultPen(1))
	before := image.NewNRGBA(whole.Rect)
	for _, stroke := range sig.Strokes() {
		for _, s := range stroke {
			copy(before.Pix, inc.Pix)
			dirty := st.Add(tr.Point(s, sig.Device.PressureMax))
			if r := changed(before, inc); !r.In(dirty) {
				t.Fatalf("pixels changed in %v outside the reported %v", r, dirty)
			}
		}
		st.End()
	}
	if !bytes.Equal(inc.Pix, whole.Pix) {
		t.Fatal("incremental drawing differs from the whole drawing")
	}
	if inked(whole) < 500 {
		t.Fatalf("only %d pixels inked", inked(whole))
	}
}

func changed(a, b *image.NRGBA) image.Rectangle {
	var r image.Rectangle
	for i := 0; i < len(a.Pix); i += 4 {
		if a.Pix[i+3] != b.Pix[i+3] {
			x, y := (i/4)%a.Rect.Dx(), (i/4)/a.Rect.Dx()
			r = r.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	return r
}

func inked(img *image.NRGBA) int {
	n := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] > 0 {
			n++
		}
	}
	return n
}

// TestWidthFollowsPressure draws the same line at low and at high pressure.
func TestWidthFollowsPressure(t *testing.T) {
	draw := func(p int32) int {
		sig := signature.Signature{Device: signature.Device{XMax: 1000, YMax: 100, HasPressure: true, PressureMax: 1000}}
		for i := range 50 {
			sig.Samples = append(sig.Samples, signature.Sample{T: uint32(i * 10), X: int32(100 + i*10), Y: 50, Pressure: p, Contact: true})
		}
		img := image.NewNRGBA(image.Rect(0, 0, 1000, 100))
		Draw(img, sig, Fit(sig.Device, 1000, 100), DefaultPen(1))
		return inked(img)
	}
	if lo, hi := draw(100), draw(1000); hi <= lo*3/2 {
		t.Fatalf("full pressure inked %d pixels, light pressure %d: width does not follow pressure", hi, lo)
	}
}

func TestRenderEmpty(t *testing.T) {
	if img := Render(signature.Signature{}, 600, 200, 4, DefaultPen(1)); img != nil {
		t.Fatal("an empty signature rendered an image")
	}
}

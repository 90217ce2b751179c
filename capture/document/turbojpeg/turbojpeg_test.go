package turbojpeg

import (
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestScales(t *testing.T) {
	ss := Scales()
	if len(ss) < 4 {
		t.Fatalf("only %d scaling factors: %v", len(ss), ss)
	}
	for i := 1; i < len(ss); i++ {
		if ss[i].Float() < ss[i-1].Float() {
			t.Fatalf("not sorted: %v", ss)
		}
	}
	cases := []struct {
		edge, target int
		want         Scale
	}{
		{4000, 2000, Scale{1, 2}},
		{4000, 480, Scale{1, 8}},
		{4000, 2001, Scale{5, 8}},
		{1600, 2000, Scale{1, 1}},
		{8000, 2000, Scale{1, 4}},
	}
	for _, c := range cases {
		if got := ScaleFor(c.edge, c.target, nil); got != c.want {
			t.Errorf("ScaleFor(%d, %d) = %v, want %v", c.edge, c.target, got, c.want)
		}
	}
	if got := ScaleFor(4000, 2001, Fast); got != (Scale{1, 1}) {
		t.Errorf("ScaleFor(4000, 2001, Fast) = %v, want 1/1", got)
	}
}

func TestHeaderAndDecode(t *testing.T) {
	data := fixture(t, "card.jpg")
	h, err := ReadHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Scale{{1, 1}, {1, 2}, {3, 8}, {1, 8}} {
		img, err := Decode(data, s)
		if err != nil {
			t.Fatal(err)
		}
		if img.Rect.Dx() != s.Of(h.Width) || img.Rect.Dy() != s.Of(h.Height) || !img.Opaque() {
			t.Fatalf("%v: %v, want %dx%d opaque", s, img.Rect, s.Of(h.Width), s.Of(h.Height))
		}
	}
}

// A region decode gives the pixels of the full decode at the same scale.
func TestDecodeRegionMatchesFullDecode(t *testing.T) {
	data := fixture(t, "card.jpg")
	for _, s := range []Scale{{1, 1}, {1, 2}, {1, 4}} {
		full, err := Decode(data, s)
		if err != nil {
			t.Fatal(err)
		}
		b := full.Rect
		for _, r := range []image.Rectangle{b, image.Rect(b.Dx()/5+3, b.Dy()/4+5, b.Dx()*3/4+1, b.Dy()*5/6), image.Rect(0, b.Dy()/2, 17, b.Dy())} {
			got, err := DecodeRegion(data, s, r)
			if err != nil {
				t.Fatalf("%v %v: %v", s, r, err)
			}
			if got.Rect.Size() != r.Size() {
				t.Fatalf("%v %v: got %v", s, r, got.Rect)
			}
			var sum, worst int
			for y := 0; y < r.Dy(); y++ {
				for x := 0; x < 4*r.Dx(); x++ {
					d := int(got.Pix[y*got.Stride+x]) - int(full.Pix[full.PixOffset(r.Min.X, r.Min.Y+y)+x])
					d = max(d, -d)
					sum, worst = sum+d, max(worst, d)
				}
			}
			// Chroma upsampling at a cropped edge sees no neighbour: a few levels at most.
			if mean := float64(sum) / float64(4*r.Dx()*r.Dy()); worst > 24 || mean > 0.5 {
				t.Errorf("%v %v: differs by up to %d (mean %.3f)", s, r, worst, mean)
			}
		}
	}
	if _, err := DecodeRegion(data, Scale{1, 2}, image.Rect(0, 0, 5000, 10)); err == nil {
		t.Fatal("a region outside the image was accepted")
	}
}

func TestTruncatedIsAWarning(t *testing.T) {
	data := fixture(t, "truncated.jpg")
	_, err := Decode(data, Scale{1, 1})
	var e *Error
	if !errors.As(err, &e) || !e.Warning {
		t.Fatalf("Decode: got %v, want a warning", err)
	}
	h, err := ReadHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	_, err = DecodeRegion(data, Scale{1, 1}, image.Rect(0, 0, h.Width, h.Height))
	if !errors.As(err, &e) || !e.Warning {
		t.Fatalf("DecodeRegion: got %v, want a warning", err)
	}
	if _, err := ReadHeader([]byte("not a jpeg at all")); !errors.As(err, &e) || e.Warning {
		t.Fatalf("ReadHeader: got %v, want an error", err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	img, err := Decode(fixture(t, "card.jpg"), Scale{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	var enc Encoder
	rgba := &image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect}
	small, err := enc.Encode(rgba, 40)
	if err != nil {
		t.Fatal(err)
	}
	big, err := enc.Encode(rgba, 90)
	if err != nil {
		t.Fatal(err)
	}
	if len(small) >= len(big) {
		t.Fatalf("quality 40 gave %d bytes, quality 90 %d", len(small), len(big))
	}
	back, err := Decode(big, Scale{1, 1})
	if err != nil || back.Rect != img.Rect {
		t.Fatalf("round trip: %v, %v", back.Rect, err)
	}
	if _, err := enc.Encode(rgba, 0); !errors.Is(err, ErrArgument) {
		t.Fatalf("quality 0: got %v", err)
	}
}

// DecodeFit gives the region decode resized by the same filter in two passes.
func TestDecodeFitMatchesRegionThenResize(t *testing.T) {
	data := fixture(t, "card.jpg")
	for _, c := range []struct {
		s    Scale
		r    image.Rectangle
		w, h int
	}{
		{Scale{1, 1}, image.Rect(280, 230, 1321, 881), 700, 437},
		{Scale{1, 2}, image.Rect(0, 0, 800, 550), 799, 549},
		{Scale{1, 1}, image.Rect(3, 5, 1600, 1100), 160, 110},
		{Scale{1, 4}, image.Rect(10, 10, 390, 270), 380, 260},
	} {
		got, err := DecodeFit(data, c.s, c.r, c.w, c.h)
		if err != nil {
			t.Fatalf("%v %v: %v", c.s, c.r, err)
		}
		src, err := DecodeRegion(data, c.s, c.r)
		if err != nil {
			t.Fatal(err)
		}
		want := resizeReference(src, c.w, c.h)
		var worst int
		for i := range got.Pix {
			d := int(got.Pix[i]) - int(want.Pix[i])
			worst = max(worst, d, -d)
		}
		if got.Rect != want.Rect || worst > 2 {
			t.Errorf("%v %v -> %dx%d: %v, differs by up to %d", c.s, c.r, c.w, c.h, got.Rect, worst)
		}
	}
	if _, err := DecodeFit(data, Scale{1, 1}, image.Rect(0, 0, 100, 100), 200, 50); !errors.Is(err, ErrArgument) {
		t.Fatalf("an enlargement was accepted: %v", err)
	}
}

// resizeReference applies newTaps vertically then horizontally, in float64.
func resizeReference(src *image.NRGBA, w, h int) *image.NRGBA {
	xs, ys := newTaps(w, src.Rect.Dx()), newTaps(h, src.Rect.Dy())
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			for c := range 3 {
				var v float64
				for j := range int(ys.n[y]) {
					sy := int(ys.start[y]) + j
					wy := float64(ys.w[y*ys.taps+j])
					for i := range int(xs.n[x]) {
						sx := int(xs.start[x]) + i
						v += wy * float64(xs.w[x*xs.taps+i]) * float64(src.Pix[sy*src.Stride+4*sx+c])
					}
				}
				out.Pix[y*out.Stride+4*x+c] = uint8(min(max(v+0.5, 0), 255))
			}
			out.Pix[y*out.Stride+4*x+3] = 255
		}
	}
	return out
}

// rssKB is this process's resident set, from /proc (Linux).
func rssKB(t *testing.T) int {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm")
	}
	var size, rss int
	if _, err := fmt.Sscan(string(raw), &size, &rss); err != nil {
		t.Fatal(err)
	}
	return rss * os.Getpagesize() / 1024
}

// Every C buffer is freed: a few hundred decodes and encodes, refused ones included, do
// not grow the process.
func TestNoLeaks(t *testing.T) {
	data, bad, prog := fixture(t, "card.jpg"), fixture(t, "truncated.jpg"), fixture(t, "progressive.jpg")
	enc := Encoder{Optimize: true, ChromaQuality: 70}
	round := func() {
		img, err := Decode(data, Scale{1, 4})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = DecodeRegion(data, Scale{1, 2}, image.Rect(10, 10, 300, 200))
		_, _ = DecodeFit(data, Scale{1, 1}, image.Rect(0, 0, 1600, 1100), 400, 275)
		_, _ = Decode(bad, Scale{1, 1})
		_, _ = DecodeFirstScan(prog)
		_, _ = DecodeFirstScan(bad)
		_, _ = DecodeFit(bad, Scale{1, 1}, image.Rect(0, 0, 100, 100), 50, 50)
		if _, err := enc.Encode(&image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect}, 80); err != nil {
			t.Fatal(err)
		}
	}
	for range 20 {
		round()
	}
	runtime.GC()
	before := rssKB(t)
	for range 300 {
		round()
	}
	runtime.GC()
	// The smallest buffer a round asks of libjpeg-turbo is the 1/4 decode, 400x275 pixels
	// (330 KB): one of them left behind per round grows the process by about 97 MB over
	// 300 rounds. The Go heap, the race detector's shadow memory and the allocator's
	// arenas move the RSS by a few MB on their own, so the bound sits between the two.
	if grown := rssKB(t) - before; grown > 48<<10 {
		t.Fatalf("the process grew by %d KB over 300 rounds: a C buffer is not freed", grown)
	}
}

func TestDecodeFirstScan(t *testing.T) {
	data := fixture(t, "progressive.jpg")
	got, err := DecodeFirstScan(data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Decode(data, Scale{1, 8})
	if err != nil {
		t.Fatal(err)
	}
	if got.Rect != want.Rect {
		t.Fatalf("first scan %v, 1/8 decode %v", got.Rect, want.Rect)
	}
	var sum int
	for i := range got.Pix {
		d := int(got.Pix[i]) - int(want.Pix[i])
		sum += max(d, -d)
	}
	if mean := float64(sum) / float64(len(got.Pix)); mean > 6 {
		t.Errorf("the first scan differs from the 1/8 decode by %.2f on average", mean)
	}
	if _, err := DecodeFirstScan(fixture(t, "card.jpg")); !errors.Is(err, ErrNotProgressive) {
		t.Fatalf("baseline: got %v, want ErrNotProgressive", err)
	}
}

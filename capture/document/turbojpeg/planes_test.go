package turbojpeg

import (
	"errors"
	"image"
	"testing"
)

// Planes give DecodeFit's picture (the same filter; the chroma reduced to 4:2:0 first)
// and DecodeFirstScan-like luma for the detection, at each scale.
func TestPlanesMatchDecodeFit(t *testing.T) {
	data := fixture(t, "card.jpg")
	for _, c := range []struct {
		s    Scale
		r    image.Rectangle
		w, h int
	}{
		{Scale{1, 1}, image.Rect(280, 230, 1321, 881), 700, 437},
		{Scale{1, 2}, image.Rect(0, 0, 800, 550), 611, 420},
		{Scale{1, 4}, image.Rect(10, 10, 390, 270), 300, 205},
	} {
		p, err := DecodePlanes(data, c.s)
		if err != nil {
			t.Fatalf("%v: %v", c.s, err)
		}
		got, err := p.Fit(c.r, c.w, c.h)
		if err != nil {
			t.Fatal(err)
		}
		want, err := DecodeFit(data, c.s, c.r, c.w, c.h)
		if err != nil {
			t.Fatal(err)
		}
		var sum, worst int
		for i := range got.Pix {
			d := int(got.Pix[i]) - int(want.Pix[i])
			sum, worst = sum+max(d, -d), max(worst, d, -d)
		}
		if mean := float64(sum) / float64(len(got.Pix)); got.Rect != want.Rect || mean > 1.5 || worst > 40 {
			t.Errorf("%v %v: differs from DecodeFit by %.2f on average, %d at most", c.s, c.r, mean, worst)
		}
		g := p.Gray(2)
		if g.Rect.Dx() != (p.Width+1)/2 || g.Rect.Dy() != (p.Height+1)/2 {
			t.Errorf("%v: gray %v of %dx%d", c.s, g.Rect, p.Width, p.Height)
		}
		p.Close()
		p.Close()
	}
}

func TestPlanesRefuseWhatTheyDoNotTake(t *testing.T) {
	if _, err := DecodePlanes(fixture(t, "progressive.jpg"), Scale{1, 2}); !errors.Is(err, ErrNotPlanar) {
		t.Fatalf("progressive: got %v, want ErrNotPlanar", err)
	}
	if _, err := DecodePlanes(fixture(t, "cmyk.jpg"), Scale{1, 2}); !errors.Is(err, ErrNotPlanar) {
		t.Fatalf("CMYK: got %v, want ErrNotPlanar", err)
	}
	var e *Error
	if _, err := DecodePlanes(fixture(t, "truncated.jpg"), Scale{1, 2}); !errors.As(err, &e) {
		t.Fatalf("truncated: got %v, want an *Error", err)
	}
}

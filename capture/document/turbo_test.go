package document

import (
	"bytes"
	"context"
	"errors"
	"image"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document/documenttest"
)

// cameraJPEG is a camera-like picture of w x h at quality 92.
func cameraJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	data, err := documenttest.EncodeJPEG(documenttest.CameraLike(w, h, 7), 92, false)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// general runs the general path (Go's decoder, full resolution) on data.
func general(t *testing.T, data []byte, opts Options) Result {
	t.Helper()
	d, err := decode(context.Background(), data, FormatJPEG)
	if err != nil {
		t.Fatal(err)
	}
	res, err := processImage(context.Background(), d, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The libjpeg-turbo path (scaled, region-only decode) gives the general path's picture in
// every orientation, for each way of choosing the crop.
func TestJPEGPathMatchesGeneralPath(t *testing.T) {
	base := cameraJPEG(t, 1200, 900)
	rect := RectQuad(image.Rect(150, 100, 750, 560))
	quad := Quad{{160, 110}, {740, 100}, {760, 550}, {140, 570}}
	cases := []struct {
		name string
		set  func(*Options)
	}{
		{"whole", func(o *Options) { o.NoAutoCrop = true; o.LongEdge = 500 }},
		{"rect", func(o *Options) { o.Crop = &rect; o.LongEdge = 280 }},
		{"quad", func(o *Options) { o.Crop = &quad; o.LongEdge = 280 }},
		{"auto", func(o *Options) { o.LongEdge = 300 }},
	}
	for o := 1; o <= 8; o++ {
		data := documenttest.WithOrientation(base, o)
		if _, err := newJPEGSource(data, 1200, 900); err != nil {
			t.Fatalf("orientation %d: libjpeg-turbo refused the picture: %v", o, err)
		}
		for _, c := range cases {
			opts := DefaultOptions()
			c.set(&opts)
			got, err := Process(context.Background(), bytes.NewReader(data), opts)
			if err != nil {
				t.Fatalf("orientation %d %s: %v", o, c.name, err)
			}
			want := general(t, data, opts)
			if got.Orientation != Orientation(o) || abs(got.Width-want.Width) > 1 || abs(got.Height-want.Height) > 1 || got.AutoCrop != want.AutoCrop {
				t.Fatalf("orientation %d %s: %dx%d (auto %v), general path %dx%d (auto %v)", o, c.name,
					got.Width, got.Height, got.AutoCrop, want.Width, want.Height, want.AutoCrop)
			}
			if got.AutoCrop {
				// The detection runs on a 1/8 decode here and on the full image there:
				// the corners may differ by a pixel. Compare the pictures for the same
				// corners, since a sub-pixel shift of fine grain alone costs 0.1 of SSIM.
				for i := range got.Crop {
					if d := got.Crop[i].Sub(want.Crop[i]); abs(d.X) > 2 || abs(d.Y) > 2 {
						t.Fatalf("orientation %d: detected %v, general path %v", o, got.Crop, want.Crop)
					}
				}
				same := opts
				same.Crop = &got.Crop
				want = general(t, data, same)
			}
			if s := similarity(t, got.JPEG, want.JPEG); s < 0.9 {
				t.Errorf("orientation %d %s: SSIM %.3f against the general path", o, c.name, s)
			}
		}
	}
}

// similarity is the SSIM of two JPEGs, the second resized to the first's size if needed.
func similarity(t *testing.T, a, b []byte) float64 {
	t.Helper()
	ia, ib := decodeJPEG(t, a), decodeJPEG(t, b)
	if ia.Bounds().Size() != ib.Bounds().Size() {
		ib = imaging.Resize(ib, ia.Bounds().Dx(), ia.Bounds().Dy(), imaging.Linear)
	}
	s, err := documenttest.SSIM(ia, ib)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The output of a camera-like photo is as good as a Lanczos resize of the full decode.
func TestOutputSSIMAgainstLanczos(t *testing.T) {
	data := cameraJPEG(t, 2400, 1800)
	opts := DefaultOptions()
	opts.LongEdge = 1000
	opts.BudgetBytes = 250_000
	res, err := Process(context.Background(), bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.AutoCrop || res.Bytes > opts.BudgetBytes || max(res.Width, res.Height) != 1000 {
		t.Fatalf("auto %v, %dx%d, %d bytes", res.AutoCrop, res.Width, res.Height, res.Bytes)
	}
	full := decodeJPEG(t, data)
	ref := imaging.Resize(imaging.Crop(full, res.Crop.Bounds()), res.Width, res.Height, imaging.Lanczos)
	s, err := documenttest.SSIM(decodeJPEG(t, res.JPEG), ref)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("SSIM %.4f at quality %d, %d bytes", s, res.Quality, res.Bytes)
	if s < 0.97 {
		t.Fatalf("SSIM %.4f against a Lanczos resize of the full decode, want >= 0.97", s)
	}
}

func TestFitOpaqueMatchesImaging(t *testing.T) {
	src := imaging.Clone(documenttest.CameraLike(900, 500, 3))
	for _, edge := range []int{899, 450, 301, 64} {
		got := fitOpaque(src, edge)
		want := imaging.Fit(src, edge, edge, imaging.Lanczos)
		if got.Rect != want.Rect {
			t.Fatalf("edge %d: %v, imaging %v", edge, got.Rect, want.Rect)
		}
		var sum, worst int
		for i := range got.Pix {
			d := abs(int(got.Pix[i]) - int(want.Pix[i]))
			sum, worst = sum+d, max(worst, d)
		}
		if mean := float64(sum) / float64(len(got.Pix)); mean > 0.6 || worst > 8 {
			t.Errorf("edge %d: differs from imaging by %.2f on average, %d at most", edge, mean, worst)
		}
	}
}

// A truncated JPEG is refused as truncated whether or not the crop is detected.
func TestTruncatedJPEGOnEveryPath(t *testing.T) {
	for _, noCrop := range []bool{false, true} {
		opts := DefaultOptions()
		opts.NoAutoCrop = noCrop
		_, err := Process(context.Background(), bytes.NewReader(open(t, "truncated.jpg")), opts)
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("no crop %v: got %v, want ErrTruncated", noCrop, err)
		}
	}
}

func TestPreviewDecodesReducedAndUpright(t *testing.T) {
	data := documenttest.WithOrientation(cameraJPEG(t, 1600, 1200), 6)
	img, err := Preview(data, 380)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 400 {
		t.Fatalf("preview is %v, want 300x400 (1/4, upright)", b)
	}
	png, err := Preview(open(t, "alpha.png"), 50)
	if err != nil || png.Bounds().Dx() != 200 {
		t.Fatalf("PNG preview: %v, %v", png.Bounds(), err)
	}
	if _, err := Preview(open(t, "bomb.png"), 100); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("bomb: got %v, want ErrTooLarge", err)
	}
}

// A large photo cut short is refused as truncated on the one-pass (planes) path too.
func TestTruncatedJPEGOnThePlanesPath(t *testing.T) {
	data := cameraJPEG(t, 1200, 900)
	opts := DefaultOptions()
	opts.LongEdge = 300 // 1200 px is 4 x 300: the planes path
	if _, ok := (&jpegSource{raw: image.Pt(1200, 900)}).planesScale(opts.LongEdge); !ok {
		t.Fatal("the picture does not take the planes path")
	}
	_, err := Process(context.Background(), bytes.NewReader(data[:len(data)*6/10]), opts)
	if !errors.Is(err, ErrTruncated) {
		t.Fatalf("got %v, want ErrTruncated", err)
	}
}

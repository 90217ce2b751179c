package document

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

func open(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeJPEG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not a JPEG: %v", err)
	}
	return img
}

func TestProcessRefusesBadFiles(t *testing.T) {
	cases := []struct {
		file string
		want error
	}{
		{"empty.jpg", ErrEmpty},
		{"text.jpg", ErrNotImage},
		{"truncated.jpg", ErrTruncated},
		{"bomb.png", ErrTooLarge},
		{"photo.heic", ErrUnsupportedFormat},
		{"gif.gif", ErrUnsupportedFormat},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			_, err := Process(context.Background(), bytes.NewReader(open(t, c.file)), DefaultOptions())
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

func TestProcessNamesRefusedFormat(t *testing.T) {
	_, err := Process(context.Background(), bytes.NewReader(open(t, "photo.heic")), DefaultOptions())
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("HEIC")) {
		t.Fatalf("error %v does not name HEIC", err)
	}
}

func TestProcessRefusesFileOverByteLimit(t *testing.T) {
	opts := DefaultOptions()
	opts.MaxFileBytes = 1000
	_, err := Process(context.Background(), bytes.NewReader(open(t, "small.jpg")), opts)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

func TestProcessAppliesEXIFOrientation(t *testing.T) {
	for o := 1; o <= 8; o++ {
		name := "orientation_" + string(rune('0'+o)) + ".jpg"
		t.Run(name, func(t *testing.T) {
			opts := DefaultOptions()
			opts.NoAutoCrop = true
			res, err := Process(context.Background(), bytes.NewReader(open(t, name)), opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Orientation != Orientation(o) || res.Width != 60 || res.Height != 40 {
				t.Fatalf("orientation %d, %dx%d; want %d, 60x40", res.Orientation, res.Width, res.Height, o)
			}
			img := decodeJPEG(t, res.JPEG)
			if r, g, b := rgb(img.At(5, 5)); r < 200 || g > 80 || b > 80 {
				t.Errorf("top-left pixel is (%d,%d,%d), want red", r, g, b)
			}
			if r, g, b := rgb(img.At(30, 38)); b < 180 || r > 80 || g > 80 {
				t.Errorf("bottom pixel is (%d,%d,%d), want blue", r, g, b)
			}
		})
	}
}

func rgb(c interface{ RGBA() (r, g, b, a uint32) }) (int, int, int) {
	r, g, b, _ := c.RGBA()
	return int(r >> 8), int(g >> 8), int(b >> 8)
}

func TestProcessDecodesVariants(t *testing.T) {
	cases := []struct {
		file   string
		format Format
		w, h   int
	}{
		{"cmyk.jpg", FormatJPEG, 800, 550},
		{"progressive.jpg", FormatJPEG, 800, 550},
		{"alpha.png", FormatPNG, 200, 100},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			opts := DefaultOptions()
			opts.NoAutoCrop = true
			res, err := Process(context.Background(), bytes.NewReader(open(t, c.file)), opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != c.format || res.Width != c.w || res.Height != c.h {
				t.Fatalf("got %s %dx%d, want %s %dx%d", res.Format, res.Width, res.Height, c.format, c.w, c.h)
			}
		})
	}
}

func TestProcessFlattensAlphaOnWhite(t *testing.T) {
	opts := DefaultOptions()
	opts.NoAutoCrop = true
	res, err := Process(context.Background(), bytes.NewReader(open(t, "alpha.png")), opts)
	if err != nil {
		t.Fatal(err)
	}
	img := decodeJPEG(t, res.JPEG)
	if r, g, b := rgb(img.At(150, 50)); r < 245 || g < 245 || b < 245 {
		t.Errorf("transparent area became (%d,%d,%d), want white", r, g, b)
	}
	if r, g, b := rgb(img.At(50, 50)); r < 230 || g > 30 || b > 30 {
		t.Errorf("opaque red area became (%d,%d,%d)", r, g, b)
	}
}

func TestProcessCMYKColours(t *testing.T) {
	opts := DefaultOptions()
	opts.NoAutoCrop = true
	res, err := Process(context.Background(), bytes.NewReader(open(t, "cmyk.jpg")), opts)
	if err != nil {
		t.Fatal(err)
	}
	// The card's background is a light blue (#d9e6f2): inverted CMYK would make it dark.
	img := decodeJPEG(t, res.JPEG)
	if r, g, b := rgb(img.At(400, 150)); r < 170 || g < 180 || b < 190 {
		t.Errorf("card background is (%d,%d,%d), want light blue", r, g, b)
	}
}

func TestProcessMeetsBudgetAndLongEdge(t *testing.T) {
	opts := DefaultOptions()
	opts.BudgetBytes = 60_000
	opts.LongEdge = 1000
	opts.NoAutoCrop = true
	res, err := Process(context.Background(), bytes.NewReader(open(t, "card.jpg")), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes > opts.BudgetBytes || len(res.JPEG) != res.Bytes {
		t.Fatalf("%d bytes, budget %d", res.Bytes, opts.BudgetBytes)
	}
	if max(res.Width, res.Height) > 1000 || res.Quality < minQuality || res.Quality > maxQuality {
		t.Fatalf("%dx%d at quality %d", res.Width, res.Height, res.Quality)
	}
	// The search takes the best quality that fits: a few points more must not fit.
	if res.Quality < maxQuality {
		var buf bytes.Buffer
		img := decodeJPEG(t, res.JPEG)
		_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: min(res.Quality+qualityStep+3, maxQuality)})
		if buf.Len() <= opts.BudgetBytes*9/10 {
			t.Errorf("quality %d leaves room: %d bytes at a higher quality", res.Quality, buf.Len())
		}
	}
}

func TestProcessShrinksWhenLowestQualityIsTooBig(t *testing.T) {
	opts := DefaultOptions()
	opts.BudgetBytes = 12_000
	opts.LongEdge = 800
	opts.NoAutoCrop = true
	res, err := Process(context.Background(), bytes.NewReader(open(t, "card.jpg")), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes > 12_000 || res.Width >= 800 {
		t.Fatalf("%d bytes at %dx%d", res.Bytes, res.Width, res.Height)
	}
}

func TestProcessDetectsTheCard(t *testing.T) {
	res, err := Process(context.Background(), bytes.NewReader(open(t, "card.jpg")), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// The card is drawn at (280,230)-(1320,880); allow a few pixels of slack.
	want := image.Rect(280, 230, 1321, 881)
	got := res.Crop.Bounds()
	if !res.AutoCrop || abs(got.Min.X-want.Min.X) > 12 || abs(got.Min.Y-want.Min.Y) > 12 ||
		abs(got.Max.X-want.Max.X) > 12 || abs(got.Max.Y-want.Max.Y) > 12 {
		t.Fatalf("detected %v (auto %v), want about %v", got, res.AutoCrop, want)
	}
	if !res.OK {
		t.Fatalf("sharp card failed the quality check: %+v", res.Measures)
	}
}

func TestProcessOperatorCropWarps(t *testing.T) {
	opts := DefaultOptions()
	q := Quad{{300, 250}, {1300, 240}, {1310, 870}, {290, 880}}
	opts.Crop = &q
	res, err := Process(context.Background(), bytes.NewReader(open(t, "card.jpg")), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.AutoCrop || res.Width < 1000 || res.Width > 1030 || res.Height < 620 || res.Height > 650 {
		t.Fatalf("warped to %dx%d (auto %v)", res.Width, res.Height, res.AutoCrop)
	}
	bad := Quad{{0, 0}, {5000, 0}, {5000, 10}, {0, 10}}
	opts.Crop = &bad
	if _, err := Process(context.Background(), bytes.NewReader(open(t, "card.jpg")), opts); err == nil {
		t.Fatal("a crop outside the image was accepted")
	}
}

func TestProcessHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Process(ctx, bytes.NewReader(open(t, "small.jpg")), DefaultOptions()); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

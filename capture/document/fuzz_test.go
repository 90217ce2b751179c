package document

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func FuzzJPEGOrientation(f *testing.F) {
	for o := 1; o <= 8; o++ {
		f.Add(open(f, "orientation_"+string(rune('0'+o))+".jpg"))
	}
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x', 'i', 'f', 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 0 || o > 8 {
			t.Fatalf("orientation %d out of range", o)
		}
	})
}

func FuzzProcess(f *testing.F) {
	for _, name := range []string{"orientation_6.jpg", "alpha.png", "bomb.png", "photo.heic", "text.jpg", "gif.gif",
		"progressive.jpg", "cmyk.jpg", "truncated.jpg", "small.jpg"} {
		f.Add(open(f, name))
	}
	// A camera-like JPEG big enough to take libjpeg-turbo's scaled and region decodes.
	f.Add(cameraJPEG(f, 700, 500))
	opts := DefaultOptions()
	opts.MaxPixels = 1 << 20 // keep each run small
	opts.MaxFileBytes = 1 << 20
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Process(context.Background(), bytes.NewReader(data), opts)
		if err != nil {
			for _, s := range []error{ErrEmpty, ErrNotImage, ErrUnsupportedFormat, ErrTruncated, ErrCorrupt, ErrTooLarge, ErrOverBudget} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error without a sentinel: %v", err)
		}
		if res.Bytes > opts.BudgetBytes || res.Bytes != len(res.JPEG) {
			t.Fatalf("%d bytes over the budget", res.Bytes)
		}
	})
}

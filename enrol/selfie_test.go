package enrol

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

func TestDecodeSelfieScalesAndReencodes(t *testing.T) {
	var big bytes.Buffer
	if err := png.Encode(&big, image.NewGray(image.Rect(0, 0, 2000, 1000))); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{"large png": big.Bytes(), "small jpeg": testJPEG(t, 640, 480)} {
		out, err := DecodeSelfie(context.Background(), in, 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%s: not a JPEG: %v", name, err)
		}
		if max(cfg.Width, cfg.Height) > 1280 || (name == "large png" && (cfg.Width != 1280 || cfg.Height != 640)) ||
			(name == "small jpeg" && (cfg.Width != 640 || cfg.Height != 480)) {
			t.Errorf("%s: %dx%d", name, cfg.Width, cfg.Height)
		}
	}
}

func TestDecodeSelfieRefuses(t *testing.T) {
	if _, err := DecodeSelfie(context.Background(), testJPEG(t, 640, 480), 100_000); !errors.Is(err, document.ErrTooLarge) {
		t.Errorf("over the pixel bound: %v", err)
	}
	if _, err := DecodeSelfie(context.Background(), []byte("not a picture"), 0); !errors.Is(err, document.ErrCorrupt) {
		t.Errorf("not a picture: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DecodeSelfie(ctx, testJPEG(t, 64, 40), 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

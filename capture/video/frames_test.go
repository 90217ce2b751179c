package video

import (
	"context"
	"errors"
	"image"
	"os"
	"testing"
)

func TestFramesDecodesEveryFrame(t *testing.T) {
	data, err := os.ReadFile("../../enrol/testdata/selfie.webm")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Inspect(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = Frames(context.Background(), data, func(i int, img image.Image, info Info) error {
		if i != n || info.Frames != want.Frames || img.Bounds().Dx() != want.Width || img.Bounds().Dy() != want.Height {
			t.Fatalf("frame %d: %v, info %+v", i, img.Bounds(), info)
		}
		n++
		return nil
	})
	if err != nil || n != want.Frames {
		t.Fatalf("Frames: %v after %d of %d frames", err, n, want.Frames)
	}
	stop := errors.New("stop")
	if err := Frames(context.Background(), data, func(int, image.Image, Info) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("an error from each: %v", err)
	}
	if err := Frames(context.Background(), []byte("not webm"), nil); !errors.Is(err, ErrNotPlayable) {
		t.Fatalf("not a clip: %v", err)
	}
}

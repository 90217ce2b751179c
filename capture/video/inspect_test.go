package video

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
)

func TestInspectAcceptsARecordedClip(t *testing.T) {
	cam := openTestCamera(t, camera.Size{Width: 160, Height: 120})
	clip, err := Record(bounded(t), cam, Options{Duration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(context.Background(), clip.WebM)
	if err != nil {
		t.Fatal(err)
	}
	if info.Width != 160 || info.Height != 120 || info.Frames != clip.Frames || info.Bytes != len(clip.WebM) {
		t.Fatalf("inspect %+v, clip %d frames", info, clip.Frames)
	}
	// The file declares the span to its last frame; the clip adds one frame interval.
	if d := clip.Duration - info.Duration; d <= 0 || d > 200*time.Millisecond {
		t.Fatalf("inspect duration %v, clip %v", info.Duration, clip.Duration)
	}
}

func TestInspectRefuses(t *testing.T) {
	vp9, err := os.ReadFile(filepath.Join("webmfile", "testdata", "vp9.webm"))
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join("webmfile", "testdata", "clip.webm"))
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), good...)
	for i := len(corrupt) / 3; i < len(corrupt)*2/3; i++ {
		corrupt[i] ^= 0x5a // scramble the frames in the middle, keep the container's start
	}
	cases := map[string][]byte{"vp9": vp9, "text": []byte("selfie"), "empty": nil, "scrambled": corrupt}
	for name, data := range cases {
		if _, err := Inspect(context.Background(), data); !errors.Is(err, ErrNotPlayable) {
			t.Errorf("%s: got %v, want ErrNotPlayable", name, err)
		}
	}
}

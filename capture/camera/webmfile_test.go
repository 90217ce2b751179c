package camera

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileCameraPlaysWebMClip(t *testing.T) {
	ctx := bounded(t)
	cam, err := Open(ctx, SourceFile+clip("clip.webm"), "", Options{FrameRate: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	if cam.Size() != (Size{160, 120}) || cam.Label() != "File: clip.webm" {
		t.Fatalf("%q at %v", cam.Label(), cam.Size())
	}
	sub := cam.Subscribe(64)
	// 15 frames loop: read past the end to check the clip starts over.
	for i := 0; i < 20; i++ {
		f, ok := <-sub.C
		if !ok {
			t.Fatalf("stream ended after %d frames: %v", i, cam.Err())
		}
		if f.Image.Bounds() != image.Rect(0, 0, 160, 120) {
			t.Fatalf("frame %d is %v", i, f.Image.Bounds())
		}
	}
}

func TestFileCameraRefusesOtherClips(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.webm")
	if err := os.WriteFile(junk, []byte("\x1a\x45\xdf\xa3 not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		clip("vp9.webm"): "VP8",
		junk:             "WebM",
	}
	for path, want := range cases {
		_, err := Open(bounded(t), SourceFile+path, "", Options{})
		if !errors.Is(err, ErrBadSource) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want ErrBadSource mentioning %s", path, err, want)
		}
	}
}

// clip returns the path of a test clip kept with the WebM reader.
func clip(name string) string {
	return filepath.Join("..", "video", "webmfile", "testdata", name)
}

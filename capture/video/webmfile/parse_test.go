package webmfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParse(t *testing.T) {
	c, err := Parse(read(t, "clip.webm"))
	if err != nil {
		t.Fatal(err)
	}
	// ffmpeg testsrc, 160x120, 15 fps for 1 s.
	if c.Codec != "V_VP8" || c.Width != 160 || c.Height != 120 || len(c.Frames) != 15 || !IsVP8KeyFrame(c.Frames[0]) {
		t.Fatalf("got %s %dx%d with %d frames", c.Codec, c.Width, c.Height, len(c.Frames))
	}
	if c.Times[0] != 0 || c.Times[14] < 900*time.Millisecond || c.Duration < 900*time.Millisecond || c.Duration > 1100*time.Millisecond {
		t.Fatalf("times %v .. %v, duration %v", c.Times[0], c.Times[14], c.Duration)
	}
	vp9, err := Parse(read(t, "vp9.webm"))
	if err != nil || vp9.Codec != "V_VP9" {
		t.Fatalf("vp9: %v %+v", err, vp9)
	}
}

func TestParseRefuses(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":      nil,
		"text":       []byte("hello, world"),
		"header":     []byte("\x1a\x45\xdf\xa3"),
		"huge size":  []byte("\x1a\x45\xdf\xa3\x01\x00\x00\x00\x00\xff\xff\xff"),
		"truncated":  read(t, "clip.webm")[:200],
		"png":        []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
		"zero vints": make([]byte, 64),
	} {
		if _, err := Parse(data); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", name, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(read(f, "clip.webm"))
	f.Add(read(f, "vp9.webm"))
	f.Add([]byte("\x1a\x45\xdf\xa3"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error without ErrInvalid: %v", err)
			}
			return
		}
		if len(c.Frames) == 0 || len(c.Frames) != len(c.Times) || c.Width < 2 {
			t.Fatalf("accepted an unusable clip: %dx%d, %d frames", c.Width, c.Height, len(c.Frames))
		}
	})
}

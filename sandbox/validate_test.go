package sandbox

import (
	"errors"
	"testing"
)

func TestImageCache(t *testing.T) {
	c := newImageCache()
	jpg, bad := fixture(t, "evidence/document_front.jpg"), fixture(t, "bad/truncated.jpg")
	for range 2 {
		if err := c.check("f", jpg); err != nil {
			t.Fatal(err)
		}
		if err := c.check("f", bad); !errors.Is(err, ErrImage) {
			t.Fatalf("a bad image must fail every time, got %v", err)
		}
	}
	if len(c.ok) != 1 {
		t.Fatalf("cache holds %d images, want the good one only", len(c.ok))
	}
	if err := c.check("signature_image", jpg, "png"); !errors.Is(err, ErrImage) {
		t.Fatalf("a cached JPEG must still be refused where PNG is required, got %v", err)
	}
}

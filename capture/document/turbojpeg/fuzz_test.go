package turbojpeg

import (
	"image"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to every decoder of the binding: they may refuse,
// never crash, and what they return has the size asked for.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"card.jpg", "progressive.jpg", "cmyk.jpg", "truncated.jpg", "orientation_6.jpg"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadHeader(data)
		if err != nil || h.Width <= 0 || h.Height <= 0 || h.Width*h.Height > 4<<20 {
			return
		}
		s := Scale{1, 2}
		w, ht := s.Of(h.Width), s.Of(h.Height)
		if img, err := Decode(data, s); err == nil && (img.Rect.Dx() != w || img.Rect.Dy() != ht) {
			t.Fatalf("Decode gave %v for %dx%d", img.Rect, w, ht)
		}
		r := image.Rect(w/4, ht/4, w/4+max(w/2, 1), ht/4+max(ht/2, 1))
		if img, err := DecodeRegion(data, s, r); err == nil && img.Rect.Size() != r.Size() {
			t.Fatalf("DecodeRegion gave %v for %v", img.Rect, r)
		}
		if img, err := DecodeFit(data, s, r, max(r.Dx()/2, 1), max(r.Dy()/2, 1)); err == nil && img.Rect.Dx() != max(r.Dx()/2, 1) {
			t.Fatalf("DecodeFit gave %v", img.Rect)
		}
	})
}

package document

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

func TestDetectQuad(t *testing.T) {
	plain := image.NewNRGBA(image.Rect(0, 0, 800, 600))
	draw.Draw(plain, plain.Rect, image.NewUniform(color.Gray{120}), image.Point{}, draw.Src)

	// A dark card with white print filling the whole frame, as a flatbed scan cropped by
	// the scanner: edges everywhere, nothing to crop.
	full := image.NewNRGBA(image.Rect(0, 0, 800, 600))
	draw.Draw(full, full.Rect, image.NewUniform(color.Gray{40}), image.Point{}, draw.Src)
	for y := 10; y < 600; y += 40 {
		draw.Draw(full, image.Rect(5, y, 795, y+8), image.White, image.Point{}, draw.Src)
	}

	// A light card on a dark desk, off-centre.
	card := image.NewNRGBA(image.Rect(0, 0, 800, 600))
	draw.Draw(card, card.Rect, image.NewUniform(color.Gray{30}), image.Point{}, draw.Src)
	draw.Draw(card, image.Rect(100, 200, 500, 450), image.NewUniform(color.Gray{220}), image.Point{}, draw.Src)

	cases := []struct {
		name   string
		img    image.Image
		wantOK bool
		want   image.Rectangle
	}{
		{"plain", plain, false, plain.Rect},
		{"fills the frame", full, false, full.Rect},
		{"card on a desk", card, true, image.Rect(100, 200, 500, 450)},
	}
	for _, c := range cases {
		q, ok := DetectQuad(c.img)
		got := q.Bounds()
		if ok != c.wantOK || abs(got.Min.X-c.want.Min.X) > 6 || abs(got.Min.Y-c.want.Min.Y) > 6 ||
			abs(got.Max.X-c.want.Max.X) > 6 || abs(got.Max.Y-c.want.Max.Y) > 6 {
			t.Errorf("%s: got %v (ok %v), want about %v (ok %v)", c.name, got, ok, c.want, c.wantOK)
		}
	}
}

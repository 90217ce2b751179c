package document

import (
	"context"
	"image"
	"image/color"
	"math"
	"testing"
)

// tiltedCard draws a light card (with a dark band of print) at the corners q on a
// dark desk.
func tiltedCard(w, h int, q Quad) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	inside := func(x, y float64) bool {
		for i := range q {
			a, b := q[i], q[(i+1)%4]
			if (float64(b.X-a.X))*(y-float64(a.Y))-(float64(b.Y-a.Y))*(x-float64(a.X)) < 0 {
				return false
			}
		}
		return true
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{35, 30, 28, 255}
			if inside(float64(x)+0.5, float64(y)+0.5) {
				c = color.NRGBA{225, 222, 215, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func rotated(cx, cy, w, h, deg float64) Quad {
	th := deg * math.Pi / 180
	var q Quad
	for i, p := range [4][2]float64{{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}} {
		q[i] = image.Pt(int(math.Round(cx+p[0]*math.Cos(th)-p[1]*math.Sin(th))), int(math.Round(cy+p[0]*math.Sin(th)+p[1]*math.Cos(th))))
	}
	return q
}

func TestDetectQuadFindsATiltedCardsCorners(t *testing.T) {
	perspective := Quad{{180, 140}, {1020, 190}, {990, 700}, {230, 760}}
	for name, truth := range map[string]Quad{
		"tilted 12 degrees":  rotated(600, 450, 856, 540, 12),
		"tilted -25 degrees": rotated(600, 450, 700, 441, -25),
		"in perspective":     perspective,
	} {
		t.Run(name, func(t *testing.T) {
			img := tiltedCard(1200, 900, truth)
			q, ok := DetectQuad(img)
			if !ok || q.isRect() {
				t.Fatalf("got %v (ok %v), want about %v", q, ok, truth)
			}
			for i := range q {
				if d := math.Hypot(float64(q[i].X-truth[i].X), float64(q[i].Y-truth[i].Y)); d > 12 {
					t.Errorf("corner %d at %v, want about %v (%.0f px off)", i, q[i], truth[i], d)
				}
			}
			// The warp applied: the output is the card, light to its edges, and of its
			// proportions.
			opts := DefaultOptions()
			res, err := ProcessImage(context.Background(), img, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !res.AutoCrop || res.Crop != q {
				t.Fatalf("processed with %v, detected %v", res.Crop, q)
			}
			out := cropTo(img, q, 1000)
			w, h := q.size()
			if r := float64(out.Rect.Dx()) / float64(out.Rect.Dy()); math.Abs(r-float64(w)/float64(h)) > 0.03 {
				t.Errorf("output %v, quad %dx%d", out.Rect, w, h)
			}
			dark := 0
			for y := 4; y < out.Rect.Dy()-4; y += 7 {
				for x := 4; x < out.Rect.Dx()-4; x += 7 {
					if out.Pix[out.PixOffset(x, y)] < 128 {
						dark++
					}
				}
			}
			if dark > 0 {
				t.Errorf("%d samples of the desk inside the warped card", dark)
			}
		})
	}
}

package ink

import (
	"image"
	"math"
)

func sqrt(v float64) float64 { return math.Sqrt(v) }

// disc paints an anti-aliased filled circle of radius r at (cx, cy) onto dst in colour c,
// keeping the larger alpha where ink already is, so that overlapping dots do not darken.
// It returns the rectangle it touched.
func (s *Stroker) disc(cx, cy, r float64) image.Rectangle {
	dst := s.dst
	rect := image.Rect(int(math.Floor(cx-r-1)), int(math.Floor(cy-r-1)), int(math.Ceil(cx+r+1)), int(math.Ceil(cy+r+1))).
		Intersect(dst.Rect)
	c := s.pen.Color
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		dy := float64(y) + 0.5 - cy
		i := dst.PixOffset(rect.Min.X, y)
		for x := rect.Min.X; x < rect.Max.X; x, i = x+1, i+4 {
			dx := float64(x) + 0.5 - cx
			cov := r + 0.5 - math.Sqrt(dx*dx+dy*dy)
			if cov <= 0 {
				continue
			}
			a := uint8(255)
			if cov < 1 {
				a = uint8(cov * 255)
			}
			p := dst.Pix[i : i+4 : i+4]
			if a > p[3] {
				p[0], p[1], p[2], p[3] = c.R, c.G, c.B, a
			}
		}
	}
	return rect
}

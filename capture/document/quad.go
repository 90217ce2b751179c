package document

import (
	"fmt"
	"image"
	"math"
)

// Quad is the outline of the document in the upright input image: top-left, top-right,
// bottom-right and bottom-left corners, in pixels. The operator may drag the corners; the
// automatic proposal comes from DetectQuad.
type Quad [4]image.Point

// RectQuad returns the quad of an axis-aligned rectangle.
func RectQuad(r image.Rectangle) Quad {
	return Quad{r.Min, {r.Max.X, r.Min.Y}, r.Max, {r.Min.X, r.Max.Y}}
}

// Bounds is the smallest rectangle holding the quad.
func (q Quad) Bounds() image.Rectangle {
	r := image.Rectangle{Min: q[0], Max: q[0]}
	for _, p := range q[1:] {
		r.Min.X, r.Min.Y = min(r.Min.X, p.X), min(r.Min.Y, p.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, p.X), max(r.Max.Y, p.Y)
	}
	return r
}

// isRect reports whether the quad is an axis-aligned rectangle.
func (q Quad) isRect() bool {
	return q[0].Y == q[1].Y && q[2].Y == q[3].Y && q[0].X == q[3].X && q[1].X == q[2].X &&
		q[1].X > q[0].X && q[3].Y > q[0].Y
}

// size is the width and height of the document the quad outlines (its longest sides).
func (q Quad) size() (w, h int) {
	d := func(a, b image.Point) float64 { return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) }
	return int(math.Round(math.Max(d(q[0], q[1]), d(q[3], q[2])))),
		int(math.Round(math.Max(d(q[0], q[3]), d(q[1], q[2]))))
}

// validate checks that the quad lies inside bounds and is not degenerate.
func (q Quad) validate(bounds image.Rectangle) error {
	for i, p := range q {
		if !p.In(bounds.Inset(-1)) {
			return fmt.Errorf("crop corner %d (%d,%d) is outside the %dx%d image", i+1, p.X, p.Y, bounds.Dx(), bounds.Dy())
		}
	}
	if w, h := q.size(); w < 16 || h < 16 {
		return fmt.Errorf("crop of %dx%d pixels is too small: drag the corners to the document's edges", w, h)
	}
	return nil
}

// convex reports whether the corners go round clockwise without a fold (every turn the
// same way), as a document's outline does.
func (q Quad) convex() bool {
	for i := range q {
		a, b, c := q[i], q[(i+1)%4], q[(i+2)%4]
		if (b.X-a.X)*(c.Y-b.Y)-(b.Y-a.Y)*(c.X-b.X) <= 0 {
			return false
		}
	}
	return true
}

func iabs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

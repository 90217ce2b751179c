package ink

import (
	"image"
	"math"
)

// Stroker draws one stroke at a time onto an NRGBA raster, incrementally: each Add draws
// only the segment the new point completes. It is not safe for concurrent use.
type Stroker struct {
	pen Pen
	dst *image.NRGBA
	// pts are the last points of the stroke (up to 4), as in signature_pad.
	pts          []Point
	lastVelocity float64
	lastWidth    float64
	started      bool
}

// NewStroker returns a Stroker drawing onto dst with pen.
func NewStroker(dst *image.NRGBA, pen Pen) *Stroker {
	return &Stroker{pen: pen, dst: dst, pts: make([]Point, 0, 4)}
}

// SetTarget changes the raster (after a resize); the current stroke, if any, is ended.
func (s *Stroker) SetTarget(dst *image.NRGBA) {
	s.dst = dst
	s.started = false
}

// Add adds a point to the current stroke, starting one if none is open, and draws what
// the point completes. It returns the rectangle of pixels changed (possibly empty).
func (s *Stroker) Add(p Point) image.Rectangle {
	if !s.started {
		s.started = true
		s.pts = append(s.pts[:0], p)
		s.lastVelocity, s.lastWidth = 0, s.width(0, p.Pressure)
		return s.disc(p.X, p.Y, s.lastWidth)
	}
	if p.distance(s.pts[len(s.pts)-1]) <= s.pen.MinDistance {
		return image.Rectangle{}
	}
	return s.push(p)
}

// End closes the current stroke, drawing its last segment.
func (s *Stroker) End() image.Rectangle {
	if !s.started {
		return image.Rectangle{}
	}
	s.started = false
	if len(s.pts) < 2 {
		return image.Rectangle{}
	}
	return s.push(s.pts[len(s.pts)-1])
}

// push appends p and draws the curve between the two middle points of the window.
func (s *Stroker) push(p Point) image.Rectangle {
	s.pts = append(s.pts, p)
	if len(s.pts) < 3 {
		return image.Rectangle{}
	}
	if len(s.pts) == 3 {
		s.pts = append([]Point{s.pts[0]}, s.pts...)
	}
	a, b := s.pts[1], s.pts[2]
	v := s.pen.VelocityFilterWeight*b.velocity(a) + (1-s.pen.VelocityFilterWeight)*s.lastVelocity
	w0, w1 := s.lastWidth, s.width(v, b.Pressure)
	s.lastVelocity, s.lastWidth = v, w1
	_, c1 := controlPoints(s.pts[0], a, b)
	c2, _ := controlPoints(a, b, s.pts[3])
	dirty := s.curve(a, c1, c2, b, w0, w1)
	s.pts = append(s.pts[:0], s.pts[1:]...)
	return dirty
}

// width is the radius for velocity v (pixels/ms) and pressure p (negative: unknown).
func (s *Stroker) width(v, p float64) float64 {
	w := math.Max(s.pen.MaxWidth/(v+1), s.pen.MinWidth)
	if p >= 0 {
		w = math.Max(w*(0.25+math.Min(p, 1)), s.pen.MinWidth)
	}
	return w
}

// controlPoints returns the control points around s2 that make the curve through
// s1, s2, s3 smooth (signature_pad's calculateControlPoints).
func controlPoints(s1, s2, s3 Point) (c1, c2 Point) {
	dx1, dy1 := s1.X-s2.X, s1.Y-s2.Y
	dx2, dy2 := s2.X-s3.X, s2.Y-s3.Y
	m1x, m1y := (s1.X+s2.X)/2, (s1.Y+s2.Y)/2
	m2x, m2y := (s2.X+s3.X)/2, (s2.Y+s3.Y)/2
	l1, l2 := math.Hypot(dx1, dy1), math.Hypot(dx2, dy2)
	k := 0.0
	if l1+l2 > 0 {
		k = l2 / (l1 + l2)
	}
	cmx, cmy := m2x+(m1x-m2x)*k, m2y+(m1y-m2y)*k
	tx, ty := s2.X-cmx, s2.Y-cmy
	return Point{X: m1x + tx, Y: m1y + ty}, Point{X: m2x + tx, Y: m2y + ty}
}

// curve draws the cubic Bezier p0..p3 as overlapping discs, the radius easing from w0 to w1.
func (s *Stroker) curve(p0, c1, c2, p3 Point, w0, w1 float64) image.Rectangle {
	length := p0.distance(c1) + c1.distance(c2) + c2.distance(p3)
	steps := int(math.Ceil(length))*2 + 1
	var dirty image.Rectangle
	for i := 0; i <= steps; i++ {
		t := float64(i) / float64(steps)
		u := 1 - t
		x := u*u*u*p0.X + 3*u*u*t*c1.X + 3*u*t*t*c2.X + t*t*t*p3.X
		y := u*u*u*p0.Y + 3*u*u*t*c1.Y + 3*u*t*t*c2.Y + t*t*t*p3.Y
		w := math.Min(w0+t*t*t*(w1-w0), s.pen.MaxWidth*1.25)
		dirty = dirty.Union(s.disc(x, y, w))
	}
	return dirty
}

package document

import (
	"image"
	"math"

	"github.com/disintegration/imaging"
)

// cropTo cuts the quad out of img and scales it so its long edge is at most longEdge.
// An axis-aligned rectangle is a plain crop; any other quad is rectified with a
// perspective transform.
func cropTo(img image.Image, q Quad, longEdge int) *image.NRGBA {
	var doc image.Image
	if q.isRect() {
		doc = subImage(img, image.Rectangle{Min: q[0], Max: q[2]})
	} else {
		w, h := q.size()
		doc = warp(imaging.Clone(img), q, w, h)
	}
	if y, ok := doc.(*image.YCbCr); ok && max(y.Rect.Dx(), y.Rect.Dy()) >= 2*longEdge {
		doc = halveYCbCr(y)
	}
	if b := doc.Bounds(); max(b.Dx(), b.Dy()) > longEdge {
		if n, ok := doc.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) && n.Opaque() {
			return fitOpaque(n, longEdge)
		}
		return imaging.Fit(doc, longEdge, longEdge, imaging.Lanczos)
	}
	if n, ok := doc.(*image.NRGBA); ok {
		return n
	}
	return imaging.Clone(doc)
}

// subImage returns the part of img inside r without copying pixels where the image type
// allows it.
func subImage(img image.Image, r image.Rectangle) image.Image {
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return s.SubImage(r)
	}
	return imaging.Crop(img, r)
}

// warp maps the quad in src onto a w x h rectangle with bilinear sampling.
func warp(src *image.NRGBA, q Quad, w, h int) *image.NRGBA {
	m := squareToQuad(q)
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		v := (float64(y) + 0.5) / float64(h)
		for x := 0; x < w; x++ {
			sx, sy := m.apply((float64(x)+0.5)/float64(w), v)
			sample(src, sx-0.5, sy-0.5, dst.Pix[y*dst.Stride+4*x:y*dst.Stride+4*x+4])
		}
	}
	return dst
}

// projective maps the unit square onto a quad (Heckbert's closed form).
type projective struct{ a, b, c, d, e, f, g, h float64 }

func squareToQuad(q Quad) projective {
	x0, y0 := float64(q[0].X), float64(q[0].Y)
	x1, y1 := float64(q[1].X), float64(q[1].Y)
	x2, y2 := float64(q[2].X), float64(q[2].Y)
	x3, y3 := float64(q[3].X), float64(q[3].Y)
	dx1, dx2, dx3 := x1-x2, x3-x2, x0-x1+x2-x3
	dy1, dy2, dy3 := y1-y2, y3-y2, y0-y1+y2-y3
	var g, h float64
	if den := dx1*dy2 - dx2*dy1; (dx3 != 0 || dy3 != 0) && den != 0 {
		g = (dx3*dy2 - dx2*dy3) / den
		h = (dx1*dy3 - dx3*dy1) / den
	}
	return projective{a: x1 - x0 + g*x1, b: x3 - x0 + h*x3, c: x0, d: y1 - y0 + g*y1, e: y3 - y0 + h*y3, f: y0, g: g, h: h}
}

func (p projective) apply(u, v float64) (float64, float64) {
	den := p.g*u + p.h*v + 1
	return (p.a*u + p.b*v + p.c) / den, (p.d*u + p.e*v + p.f) / den
}

// sample writes the bilinear interpolation of src at (x, y) into out (4 bytes).
func sample(src *image.NRGBA, x, y float64, out []byte) {
	b := src.Rect
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	clamp := func(v, lo, hi int) int { return min(max(v, lo), hi-1) }
	xa, xb := clamp(x0, b.Min.X, b.Max.X), clamp(x0+1, b.Min.X, b.Max.X)
	ya, yb := clamp(y0, b.Min.Y, b.Max.Y), clamp(y0+1, b.Min.Y, b.Max.Y)
	p := func(x, y, c int) float64 { return float64(src.Pix[src.PixOffset(x, y)+c]) }
	for c := 0; c < 4; c++ {
		top := p(xa, ya, c)*(1-fx) + p(xb, ya, c)*fx
		bot := p(xa, yb, c)*(1-fx) + p(xb, yb, c)*fx
		out[c] = uint8(math.Round(top*(1-fy) + bot*fy))
	}
}

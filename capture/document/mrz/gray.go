package mrz

import (
	"image"
	"math"

	"github.com/disintegration/imaging"
)

// gray is a luminance image with float samples, the recogniser's working form.
type gray struct {
	w, h int
	pix  []float32
}

// toGray converts img, scaled down so that its long edge is at most edge.
func toGray(img image.Image, edge int) (*gray, float64) {
	b := img.Bounds()
	scale := 1.0
	if long := max(b.Dx(), b.Dy()); long > edge {
		scale = float64(edge) / float64(long)
		img = imaging.Resize(img, int(math.Round(float64(b.Dx())*scale)), int(math.Round(float64(b.Dy())*scale)), imaging.Box)
		b = img.Bounds()
	}
	g := &gray{w: b.Dx(), h: b.Dy(), pix: make([]float32, b.Dx()*b.Dy())}
	switch src := img.(type) {
	case *image.NRGBA:
		for y := 0; y < g.h; y++ {
			row := src.Pix[y*src.Stride:]
			for x := 0; x < g.w; x++ {
				p := row[4*x:]
				g.pix[y*g.w+x] = 0.299*float32(p[0]) + 0.587*float32(p[1]) + 0.114*float32(p[2])
			}
		}
	case *image.YCbCr:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				g.pix[y*g.w+x] = float32(src.Y[src.YOffset(x+b.Min.X, y+b.Min.Y)])
			}
		}
	case *image.Gray:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				g.pix[y*g.w+x] = float32(src.Pix[(y)*src.Stride+x])
			}
		}
	default:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				r, gg, bb, _ := img.At(x+b.Min.X, y+b.Min.Y).RGBA()
				g.pix[y*g.w+x] = (0.299*float32(r) + 0.587*float32(gg) + 0.114*float32(bb)) / 257
			}
		}
	}
	return g, scale
}

// at samples the image bilinearly at (x, y), clamping at the edges.
func (g *gray) at(x, y float64) float32 {
	x, y = x-0.5, y-0.5
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := float32(x-float64(x0)), float32(y-float64(y0))
	cl := func(v, hi int) int { return min(max(v, 0), hi-1) }
	xa, xb, ya, yb := cl(x0, g.w), cl(x0+1, g.w), cl(y0, g.h), cl(y0+1, g.h)
	top := g.pix[ya*g.w+xa]*(1-fx) + g.pix[ya*g.w+xb]*fx
	bot := g.pix[yb*g.w+xa]*(1-fx) + g.pix[yb*g.w+xb]*fx
	return top*(1-fy) + bot*fy
}

// rotate180 returns the image turned upside down.
func (g *gray) rotate180() *gray {
	r := &gray{w: g.w, h: g.h, pix: make([]float32, len(g.pix))}
	for i, v := range g.pix {
		r.pix[len(g.pix)-1-i] = v
	}
	return r
}

// binarise marks the pixels darker than factor times their neighbourhood's mean (radius
// r): the ink of printed characters on any background brightness. A lower factor keeps
// only the darkest ink, leaving out light guilloches that touch the characters.
func (g *gray) binarise(r int, factor float64) []bool {
	w, h := g.w, g.h
	sum := make([]float64, (w+1)*(h+1))
	for y := 0; y < h; y++ {
		var row float64
		for x := 0; x < w; x++ {
			row += float64(g.pix[y*w+x])
			sum[(y+1)*(w+1)+x+1] = sum[y*(w+1)+x+1] + row
		}
	}
	out := make([]bool, w*h)
	for y := 0; y < h; y++ {
		y0, y1 := max(y-r, 0), min(y+r+1, h)
		for x := 0; x < w; x++ {
			x0, x1 := max(x-r, 0), min(x+r+1, w)
			s := sum[y1*(w+1)+x1] - sum[y0*(w+1)+x1] - sum[y1*(w+1)+x0] + sum[y0*(w+1)+x0]
			mean := s / float64((y1-y0)*(x1-x0))
			out[y*w+x] = float64(g.pix[y*w+x]) < mean*factor-4
		}
	}
	return out
}

// blob is one connected component of ink.
type blob struct {
	x0, y0, x1, y1 int // bounding box, max exclusive
	n              int
	cx, cy         float64 // centre of the bounding box
}

func (b blob) w() int { return b.x1 - b.x0 }
func (b blob) h() int { return b.y1 - b.y0 }

// blobs labels the 8-connected components of ink.
func blobs(ink []bool, w, h int) []blob {
	seen := make([]bool, len(ink))
	var out []blob
	stack := make([]int, 0, 256)
	for i, v := range ink {
		if !v || seen[i] {
			continue
		}
		b := blob{x0: i % w, y0: i / w, x1: i%w + 1, y1: i/w + 1}
		seen[i] = true
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			px, py := p%w, p/w
			b.n++
			b.x0, b.y0, b.x1, b.y1 = min(b.x0, px), min(b.y0, py), max(b.x1, px+1), max(b.y1, py+1)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					qx, qy := px+dx, py+dy
					if qx < 0 || qy < 0 || qx >= w || qy >= h {
						continue
					}
					if q := qy*w + qx; ink[q] && !seen[q] {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
		b.cx, b.cy = float64(b.x0+b.x1)/2, float64(b.y0+b.y1)/2
		out = append(out, b)
	}
	return out
}

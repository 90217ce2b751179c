package document

import (
	"image"
	"math"

	"github.com/enrolkiosk/enrolkiosk/capture/document/turbojpeg"
)

// fitOpaque scales an opaque src down to fit edge x edge with a Lanczos-3 filter, like
// imaging.Fit with imaging.Lanczos (the kernel of turbojpeg.DecodeFit), but one output row at a time: each row is
// filtered vertically from the source rows it needs, then horizontally. It needs no
// intermediate image, so a 12 MP document's resize holds the source and the output and
// nothing else. Alpha is not weighted: src must be opaque.
func fitOpaque(src *image.NRGBA, edge int) *image.NRGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	w, h := fitSize(sw, sh, edge)
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	xs, ys := lanczosWeights(w, sw), lanczosWeights(h, sh)
	parallelRows(h, func(y0, y1 int) {
		acc := make([]float32, 4*sw)
		for y := y0; y < y1; y++ {
			clear(acc)
			for _, c := range ys[y] {
				row := src.Pix[(c.index)*src.Stride : c.index*src.Stride+4*sw]
				for i, p := range row {
					acc[i] += c.weight * float32(p)
				}
			}
			out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
			for x := range w {
				var r, g, b float32
				for _, c := range xs[x] {
					i := 4 * c.index
					r += c.weight * acc[i]
					g += c.weight * acc[i+1]
					b += c.weight * acc[i+2]
				}
				out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = clamp8(r), clamp8(g), clamp8(b), 255
			}
		}
	})
	return dst
}

// weight is one source pixel's share in an output pixel.
type weight struct {
	index  int
	weight float32
}

// lanczosWeights are the Lanczos-3 filter's weights from n source pixels to m output
// pixels (m <= n), stretched by the reduction as imaging stretches them and normalised
// to 1 for each output pixel.
func lanczosWeights(m, n int) [][]weight {
	scale := max(float64(n)/float64(m), 1)
	radius := math.Ceil(3 * scale)
	out := make([][]weight, m)
	for v := range out {
		centre := (float64(v)+0.5)*float64(n)/float64(m) - 0.5
		lo, hi := max(int(math.Ceil(centre-radius)), 0), min(int(math.Floor(centre+radius)), n-1)
		var sum float64
		ws := make([]weight, 0, hi-lo+1)
		for u := lo; u <= hi; u++ {
			if k := turbojpeg.Lanczos((float64(u) - centre) / scale); k != 0 {
				ws = append(ws, weight{u, float32(k)})
				sum += k
			}
		}
		for i := range ws {
			ws[i].weight = float32(float64(ws[i].weight) / sum)
		}
		out[v] = ws
	}
	return out
}

func clamp8(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}

// fitSize is the size imaging.Fit gives sw x sh fitted into edge x edge (truncated); it
// is the same for the transposed size, transposed.
func fitSize(sw, sh, edge int) (w, h int) {
	if sw > sh {
		return edge, max(int(float64(edge)/(float64(sw)/float64(sh))), 1)
	}
	return max(int(float64(edge)*(float64(sw)/float64(sh))), 1), edge
}

package document

import (
	"image"
	"math"
	"slices"

	"github.com/disintegration/imaging"
)

// detectEdge is the long edge the document detection works at.
const detectEdge = 480

// DetectQuad proposes the document's outline in img: the four corners of the region
// holding the strong edges (card borders, print, photo) against a plain background, so
// a card lying tilted (up to about 40 degrees) or seen in perspective gets its own four
// corners; one lying square gets the axis-aligned box. ok is false when nothing
// document-like stands out (the whole frame is the document, or it is empty), and the
// quad is then the whole image.
func DetectQuad(img image.Image) (q Quad, ok bool) {
	b := img.Bounds()
	full := RectQuad(b)
	g := toGray(shrink(img, detectEdge))
	xs, ys := edgePixels(g)
	if len(xs) < 50 {
		return full, false
	}
	corners := diagonalCorners(xs, ys)
	xs, ys = slices.Clone(xs), slices.Clone(ys)
	slices.Sort(xs)
	slices.Sort(ys)
	lo, hi := len(xs)/200, len(xs)-1-len(xs)/200
	r := image.Rect(xs[lo]-1, ys[lo]-1, xs[hi]+2, ys[hi]+2).Intersect(g.Rect)
	area := float64(r.Dx()*r.Dy()) / float64(g.Rect.Dx()*g.Rect.Dy())
	if area > 0.92 || area < 0.08 {
		return full, false
	}
	sx := float64(b.Dx()) / float64(g.Rect.Dx())
	sy := float64(b.Dy()) / float64(g.Rect.Dy())
	scaled := image.Rect(int(float64(r.Min.X)*sx), int(float64(r.Min.Y)*sy),
		int(float64(r.Max.X)*sx), int(float64(r.Max.Y)*sy)).Add(b.Min).Intersect(b)
	// A card lying square: keep the box (a plain crop, no resampling).
	tol := max(4, (r.Dx()+r.Dy())/60)
	box := RectQuad(r)
	square := true
	for i := range corners {
		square = square && iabs(corners[i].X-box[i].X) <= tol && iabs(corners[i].Y-box[i].Y) <= tol
	}
	if square {
		return RectQuad(scaled), true
	}
	for i, c := range corners {
		p := image.Pt(int(math.Round((float64(c.X)+0.5)*sx)), int(math.Round((float64(c.Y)+0.5)*sy))).Add(b.Min)
		q[i] = image.Pt(min(max(p.X, b.Min.X), b.Max.X), min(max(p.Y, b.Min.Y), b.Max.Y))
	}
	if q.validate(b) != nil || !q.convex() {
		return RectQuad(scaled), true
	}
	return q, true
}

// diagonalCorners returns the corners of the edge points' outline: for each corner the
// points furthest along its diagonal (top-left: least x+y, top-right: most x-y, ...),
// averaged over the outermost 0.3% after skipping the outermost 0.1% as noise.
func diagonalCorners(xs, ys []int) Quad {
	dirs := [4][2]int{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}
	n := len(xs)
	skip, take := n/1000, max(3, n*3/1000)
	var q Quad
	idx := make([]int, n)
	for c, d := range dirs {
		for i := range idx {
			idx[i] = i
		}
		score := func(i int) int { return d[0]*xs[i] + d[1]*ys[i] }
		slices.SortFunc(idx, func(a, b int) int { return score(b) - score(a) })
		var sx, sy, k int
		for _, i := range idx[skip:min(n, skip+take)] {
			sx, sy, k = sx+xs[i], sy+ys[i], k+1
		}
		q[c] = image.Pt((sx+k/2)/k, (sy+k/2)/k)
	}
	return q
}

// shrink scales img down so its long edge is at most edge: a cheap nearest-neighbour pass
// to twice the size, then a box filter, which is close to a full box filter at a fraction
// of its cost on a 12 MP photo.
func shrink(img image.Image, edge int) image.Image {
	b := img.Bounds()
	if max(b.Dx(), b.Dy()) <= edge {
		return img
	}
	if max(b.Dx(), b.Dy()) > 4*edge {
		img = imaging.Fit(img, 2*edge, 2*edge, imaging.NearestNeighbor)
	}
	return imaging.Fit(img, edge, edge, imaging.Box)
}

// edgePixels returns the coordinates of pixels whose gradient magnitude stands out.
func edgePixels(g *image.Gray) (xs, ys []int) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	at := func(x, y int) int { return int(g.Pix[y*g.Stride+x]) }
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			gx := at(x+1, y-1) + 2*at(x+1, y) + at(x+1, y+1) - at(x-1, y-1) - 2*at(x-1, y) - at(x-1, y+1)
			gy := at(x-1, y+1) + 2*at(x, y+1) + at(x+1, y+1) - at(x-1, y-1) - 2*at(x, y-1) - at(x+1, y-1)
			if gx*gx+gy*gy > 160*160 {
				xs, ys = append(xs, x), append(ys, y)
			}
		}
	}
	return xs, ys
}

package mrz

import (
	"math"
	"slices"
	"sort"
)

// textLine is a run of character-sized blobs along a straight line.
type textLine struct {
	blobs  []blob  // left to right
	slope  float64 // dy/dx of the line through the centres
	icept  float64 // y at x = 0
	height float64 // median height of the full-height characters (the cap height)
	pitch  float64 // median distance between neighbouring centres, along x

	// Set by regular: the cell model and the number of cells the blobs span.
	x0, p, q float64
	cells    int
}

// y returns the line's centre height at x.
func (l *textLine) y(x float64) float64 { return l.icept + l.slope*x }

// glyphBlobs keeps the blobs that may be characters of a zone whose long edge is edge
// pixels: neither specks nor pictures.
func glyphBlobs(all []blob, edge int) []blob {
	var out []blob
	lo, hi := max(5, edge/220), edge/12
	for _, b := range all {
		if b.h() >= lo && b.h() <= hi && b.w() <= 2*b.h()+2 && b.n >= 8 && b.n*12 >= b.w()*b.h() {
			out = append(out, b)
		}
	}
	return out
}

// chain links the blobs into lines: each blob to its nearest right neighbour of
// compatible size at about the same height.
func chain(bs []blob) []*textLine {
	sort.Slice(bs, func(i, j int) bool { return bs[i].cx < bs[j].cx })
	next := make([]int, len(bs))
	prevDist := make([]float64, len(bs))
	for i := range next {
		next[i] = -1
		prevDist[i] = math.Inf(1)
	}
	for i, a := range bs {
		best, bestD := -1, math.Inf(1)
		for j := i + 1; j < len(bs); j++ {
			b := bs[j]
			hmax := float64(max(a.h(), b.h()))
			dx := b.cx - a.cx
			if dx > 2.2*hmax {
				if dx > 2.2*float64(a.h())*2.5 {
					break
				}
				continue
			}
			if dx <= 0.25*hmax || float64(max(a.h(), b.h())) > 2.2*float64(min(a.h(), b.h())) {
				continue
			}
			if math.Abs(b.cy-a.cy) > 0.35*hmax+0.1*dx {
				continue
			}
			if d := dx + 2*math.Abs(b.cy-a.cy); d < bestD {
				best, bestD = j, d
			}
		}
		if best >= 0 && bestD < prevDist[best] {
			// A blob keeps the nearest of the blobs that chose it.
			for k := range next {
				if next[k] == best {
					next[k] = -1
				}
			}
			next[i], prevDist[best] = best, bestD
		}
	}
	hasPrev := make([]bool, len(bs))
	for _, n := range next {
		if n >= 0 {
			hasPrev[n] = true
		}
	}
	var lines []*textLine
	for i := range bs {
		if hasPrev[i] {
			continue
		}
		var run []blob
		for k := i; k >= 0; k = next[k] {
			run = append(run, bs[k])
		}
		if len(run) >= 8 {
			lines = append(lines, fitLine(run))
		}
	}
	return mergeLines(lines)
}

// fitLine measures a run of blobs: the line through the centres of the full-height
// characters, their height and the pitch.
func fitLine(run []blob) *textLine {
	hs := make([]float64, len(run))
	for i, b := range run {
		hs[i] = float64(b.h())
	}
	l := &textLine{blobs: run, height: median(hs)}
	var sx, sy, sxx, sxy, n float64
	for _, b := range run {
		if float64(b.h()) < 0.8*l.height {
			continue
		}
		sx, sy, sxx, sxy, n = sx+b.cx, sy+b.cy, sxx+b.cx*b.cx, sxy+b.cx*b.cy, n+1
	}
	if den := n*sxx - sx*sx; n >= 2 && den != 0 {
		l.slope = (n*sxy - sx*sy) / den
	}
	l.icept = (sy - l.slope*sx) / max(n, 1)
	var tall []float64
	for _, b := range run {
		if float64(b.h()) >= 0.8*l.height {
			tall = append(tall, float64(b.h()))
		}
	}
	l.height = median(tall) / math.Sqrt(1+l.slope*l.slope*0.3)
	ds := make([]float64, 0, len(run))
	for i := 1; i < len(run); i++ {
		ds = append(ds, run[i].cx-run[i-1].cx)
	}
	l.pitch = median(ds)
	return l
}

// mergeLines joins the pieces of one line split by a gap (a blob lost to blur or glare).
func mergeLines(lines []*textLine) []*textLine {
	sort.Slice(lines, func(i, j int) bool { return lines[i].blobs[0].cx < lines[j].blobs[0].cx })
	for i := 0; i < len(lines); i++ {
		for j := i + 1; j < len(lines); j++ {
			a, b := lines[i], lines[j]
			last, first := a.blobs[len(a.blobs)-1], b.blobs[0]
			gap := first.cx - last.cx
			if gap <= 0 || gap > 8*a.pitch || math.Abs(a.y(first.cx)-first.cy) > 0.4*a.height ||
				math.Abs(a.pitch-b.pitch) > 0.2*a.pitch || math.Abs(a.height-b.height) > 0.25*a.height {
				continue
			}
			lines[i] = fitLine(append(slices.Clone(a.blobs), b.blobs...))
			lines = slices.Delete(lines, j, j+1)
			j = i
		}
	}
	return lines
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// zoneCandidate is a group of parallel lines that may be a machine readable zone.
type zoneCandidate struct {
	format Format
	lines  []*textLine
	pitch  float64
	score  float64
}

// candidates groups consecutive parallel lines of monospaced characters, aligned on the
// left, into possible zones, best first.
func candidates(lines []*textLine) []zoneCandidate {
	var ls []*textLine
	for _, l := range lines {
		if regular(l) {
			ls = append(ls, l)
		}
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].y(ls[i].blobs[0].cx) < ls[j].y(ls[j].blobs[0].cx) })
	var out []zoneCandidate
	for i := range ls {
		for _, k := range []int{3, 2} {
			if i+k > len(ls) {
				continue
			}
			g := ls[i : i+k]
			c, ok := group(g)
			if ok {
				out = append(out, c)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// regular reports whether a line's characters sit on a fixed pitch, as OCR-B's do, and
// fits the cell positions: the k-th cell's centre is at x0 + p k + q k² along x (q
// takes up the perspective's foreshortening).
func regular(l *textLine) bool {
	if l.pitch <= 0 {
		return false
	}
	ks := make([]float64, len(l.blobs))
	for i := 1; i < len(l.blobs); i++ {
		ks[i] = ks[i-1] + max(1, math.Round((l.blobs[i].cx-l.blobs[i-1].cx)/l.pitch))
	}
	xs := make([]float64, len(l.blobs))
	for i, b := range l.blobs {
		xs[i] = b.cx
	}
	l.x0, l.p, l.q = fitQuadratic(ks, xs)
	if l.p <= 0 {
		return false
	}
	l.cells = int(ks[len(ks)-1]) + 1
	var res []float64
	for i, k := range ks {
		res = append(res, math.Abs(xs[i]-l.cellX(k))/l.p)
	}
	return median(res) < 0.12 && l.p < 1.6*l.height && l.p > 0.6*l.height
}

// cellX is the centre of the k-th cell along x.
func (l *textLine) cellX(k float64) float64 { return l.x0 + l.p*k + l.q*k*k }

// fitQuadratic fits y = a + b x + c x² by least squares; c is zero with too few points.
func fitQuadratic(x, y []float64) (a, b, c float64) {
	var s [5]float64
	var t [3]float64
	for i := range x {
		p := 1.0
		for k := 0; k < 5; k++ {
			s[k] += p
			if k < 3 {
				t[k] += p * y[i]
			}
			p *= x[i]
		}
	}
	m := [3][4]float64{{s[0], s[1], s[2], t[0]}, {s[1], s[2], s[3], t[1]}, {s[2], s[3], s[4], t[2]}}
	if len(x) < 12 {
		// A line: drop the quadratic term.
		den := s[0]*s[2] - s[1]*s[1]
		if den == 0 {
			return 0, 0, 0
		}
		return (s[2]*t[0] - s[1]*t[1]) / den, (s[0]*t[1] - s[1]*t[0]) / den, 0
	}
	for c := 0; c < 3; c++ {
		p := c
		for r := c + 1; r < 3; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		if m[c][c] == 0 {
			return 0, 0, 0
		}
		for r := 0; r < 3; r++ {
			if r != c {
				f := m[r][c] / m[c][c]
				for k := c; k < 4; k++ {
					m[r][k] -= f * m[c][k]
				}
			}
		}
	}
	return m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]
}

// group checks that the lines form a zone and names its format.
func group(g []*textLine) (zoneCandidate, bool) {
	a := g[0]
	var pitches []float64
	width := 0.0
	for _, l := range g {
		if math.Abs(l.slope-a.slope) > 0.03 || math.Abs(l.height-a.height) > 0.3*a.height {
			return zoneCandidate{}, false
		}
		pitches = append(pitches, l.p)
	}
	p := median(pitches)
	for i, l := range g {
		if math.Abs(l.p-p) > 0.15*p {
			return zoneCandidate{}, false
		}
		if i > 0 {
			prev := g[i-1]
			x := l.x0
			d := (l.y(x) - prev.y(x)) / math.Sqrt(1+a.slope*a.slope)
			if d < 1.15*a.height || d > 2.8*a.height {
				return zoneCandidate{}, false
			}
			// Left-aligned: the first characters lie on a perpendicular to the lines.
			shift := (x - prev.x0) + a.slope*d
			if math.Abs(shift) > 0.8*p {
				return zoneCandidate{}, false
			}
		}
		width = max(width, float64(l.cells))
	}
	c := zoneCandidate{lines: g, pitch: p}
	switch {
	case len(g) == 3 && width >= 22 && width <= 32.5:
		c.format = TD1
	case len(g) == 2 && width >= 40 && width <= 46.5:
		c.format = TD3
	case len(g) == 2 && width >= 32 && width <= 38.5:
		c.format = TD2
	default:
		return zoneCandidate{}, false
	}
	for _, l := range g {
		c.score += float64(len(l.blobs))
	}
	return c, true
}

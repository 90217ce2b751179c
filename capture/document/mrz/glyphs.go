package mrz

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font/opentype"
)

// The template geometry: a glyph cell is sampled onto tplW x tplH pixels, with tplM
// pixels of margin on every side of an observed cell for the alignment search.
const (
	tplW      = 18
	tplM      = 2
	cellTall  = 1.5 // the cell's height, in cap heights
	tplRender = 160 // the size in pixels the templates are rendered at
)

// templates are the alphabet's glyphs, sampled like the observed cells and normalised
// to zero mean and unit norm.
type templates struct {
	h     int         // tplH
	ratio float64     // cap height / pitch
	vec   [][]float32 // by index into Alphabet
}

func newTemplates(f *opentype.Font) (*templates, error) {
	pitch, capH, err := FontMetrics(f, tplRender)
	if err != nil {
		return nil, err
	}
	t := &templates{ratio: capH / pitch}
	t.h = int(math.Round(tplW * cellTall * capH / pitch))
	w, h := int(pitch*3), int(capH*4)
	for _, r := range Alphabet {
		canvas := image.NewGray(image.Rect(0, 0, w, h))
		draw.Draw(canvas, canvas.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
		base := int(capH * 2.5)
		if _, err := RenderLine(f, canvas, image.NewUniform(color.Black), tplRender, int(pitch), base, string(r)); err != nil {
			return nil, err
		}
		g := &gray{w: w, h: h, pix: make([]float32, w*h)}
		for i, v := range canvas.Pix {
			g.pix[i] = float32(v)
		}
		c := cell{cx: pitch * 1.5, cy: float64(base) - capH/2, pitch: pitch, capH: capH, ux: 1}
		v := sampleCell(g, c, tplW, t.h, 0)
		t.vec = append(t.vec, unitVector(v))
	}
	return t, nil
}

// cell is where one character is in the image: its centre, the pitch and cap height,
// and the direction of the line (ux, uy, a unit vector).
type cell struct {
	cx, cy, pitch, capH float64
	ux, uy              float64
}

// sampleCell samples a cell onto (w+2m) x (h+2m) pixels, area-averaging when the cell
// is larger than the sample.
func sampleCell(g *gray, c cell, w, h, m int) []float32 {
	sx, sy := c.pitch/float64(w), c.capH*cellTall/float64(h)
	sub := max(1, int(math.Ceil(max(sx, sy)/1.2)))
	out := make([]float32, (w+2*m)*(h+2*m))
	vx, vy := -c.uy, c.ux
	for ty := -m; ty < h+m; ty++ {
		for tx := -m; tx < w+m; tx++ {
			var acc float32
			for j := 0; j < sub; j++ {
				for i := 0; i < sub; i++ {
					u := (float64(tx)+(float64(i)+0.5)/float64(sub))*sx - c.pitch/2
					v := (float64(ty)+(float64(j)+0.5)/float64(sub))*sy - c.capH*cellTall/2
					acc += g.at(c.cx+u*c.ux+v*vx, c.cy+u*c.uy+v*vy)
				}
			}
			out[(ty+m)*(w+2*m)+tx+m] = acc / float32(sub*sub)
		}
	}
	return out
}

// unitVector returns v minus its mean, scaled to unit norm (all zeros when flat).
func unitVector(v []float32) []float32 {
	var mean float32
	for _, x := range v {
		mean += x
	}
	mean /= float32(len(v))
	out := make([]float32, len(v))
	var n float32
	for i, x := range v {
		out[i] = x - mean
		n += out[i] * out[i]
	}
	if n > 0 {
		s := 1 / float32(math.Sqrt(float64(n)))
		for i := range out {
			out[i] *= s
		}
	}
	return out
}

// guess is the recognition of one cell: the best character, its correlation with the
// template, and the best correlation of any other character.
type guess struct {
	char          byte
	score, second float32
	alt           byte // the runner-up
}

// classify matches an observed cell (sampled with margin tplM) against every template
// at every shift within the margin.
func (t *templates) classify(obs []float32) guess {
	W := tplW + 2*tplM
	best := make([]float32, len(t.vec))
	for i := range best {
		best[i] = -2
	}
	win := make([]float32, tplW*t.h)
	for dy := 0; dy <= 2*tplM; dy++ {
		for dx := 0; dx <= 2*tplM; dx++ {
			for y := 0; y < t.h; y++ {
				copy(win[y*tplW:(y+1)*tplW], obs[(y+dy)*W+dx:(y+dy)*W+dx+tplW])
			}
			n := unitVector(win)
			for k, tv := range t.vec {
				var s float32
				for i, x := range n {
					s += x * tv[i]
				}
				if s > best[k] {
					best[k] = s
				}
			}
		}
	}
	g := guess{score: -2, second: -2}
	for k, s := range best {
		switch {
		case s > g.score:
			g.second, g.alt = g.score, g.char
			g.score, g.char = s, Alphabet[k]
		case s > g.second:
			g.second, g.alt = s, Alphabet[k]
		}
	}
	return g
}

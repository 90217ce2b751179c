package mrztest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"github.com/disintegration/imaging"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
)

// Options describe one synthetic picture.
type Options struct {
	Lines       []string // the zone; nil for a document side without one
	Width       int      // the document's width in the picture, in pixels
	Blur        float64  // Gaussian blur sigma, in pixels
	Noise       float64  // Gaussian noise sigma, in grey levels
	JPEG        int      // JPEG quality; 0 keeps the picture lossless
	Rotate      float64  // degrees, clockwise
	Perspective float64  // corner displacement, as a share of the width (0.03 is mild)
	InPhoto     bool     // the document lies in a larger photo of a desk
	Seed        uint64
}

// Document sizes in millimetres (ICAO 9303): ID-1 card and the TD3 data page.
const (
	td1W, td1H = 85.6, 53.98
	td2W, td2H = 105.0, 74.0
	td3W, td3H = 125.0, 88.0
	pitchMM    = 2.54 // 10 characters per inch
	lineMM     = 4.23 // baseline to baseline (6 lines per inch)
)

// Render draws the document and degrades it as o says. Its quad (the document's four
// corners in the returned picture, clockwise from the top left) is returned too.
func Render(f *opentype.Font, o Options) (image.Image, [4]image.Point, error) {
	rng := rand.New(rand.NewPCG(o.Seed, 0x6d727a))
	wmm, hmm := td1W, td1H
	if len(o.Lines) == 2 && len(o.Lines[0]) == 44 {
		wmm, hmm = td3W, td3H
	}
	if len(o.Lines) == 2 && len(o.Lines[0]) == 36 {
		wmm, hmm = td2W, td2H
	}
	scale := float64(o.Width) / wmm
	card := image.NewNRGBA(image.Rect(0, 0, o.Width, int(math.Round(hmm*scale))))
	background(rng, card, scale)
	if err := decorate(rng, card, scale, len(o.Lines) == 0); err != nil {
		return nil, [4]image.Point{}, err
	}
	if len(o.Lines) > 0 {
		if err := drawZone(f, card, o.Lines, scale, wmm, hmm); err != nil {
			return nil, [4]image.Point{}, err
		}
	}
	out, quad := place(rng, card, o)
	var img image.Image = out
	if o.Blur > 0 {
		img = imaging.Blur(img, o.Blur)
	}
	if o.Noise > 0 {
		n := imaging.Clone(img)
		for i := 0; i < len(n.Pix); i += 4 {
			d := rng.NormFloat64() * o.Noise
			for c := 0; c < 3; c++ {
				n.Pix[i+c] = uint8(min(max(float64(n.Pix[i+c])+d+rng.NormFloat64()*o.Noise/3, 0), 255))
			}
		}
		img = n
	}
	if o.JPEG > 0 {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: o.JPEG}); err != nil {
			return nil, quad, fmt.Errorf("encode JPEG: %w", err)
		}
		d, err := jpeg.Decode(&buf)
		if err != nil {
			return nil, quad, fmt.Errorf("decode JPEG: %w", err)
		}
		img = d
	}
	return img, quad, nil
}

// background paints a pastel gradient with guilloche lines, as security printing has.
func background(rng *rand.Rand, c *image.NRGBA, scale float64) {
	b := c.Bounds()
	base := [3]float64{225 + rng.Float64()*25, 225 + rng.Float64()*25, 225 + rng.Float64()*25}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			t := float64(x+y) / float64(b.Dx()+b.Dy())
			i := c.PixOffset(x, y)
			for k := 0; k < 3; k++ {
				c.Pix[i+k] = uint8(base[k] - 20*t*float64(k))
			}
			c.Pix[i+3] = 255
		}
	}
	ink := color.NRGBA{R: uint8(150 + rng.IntN(60)), G: uint8(150 + rng.IntN(60)), B: uint8(170 + rng.IntN(60)), A: 255}
	for k := 0; k < 14; k++ {
		amp, freq, phase := (1+rng.Float64()*4)*scale, (0.05+rng.Float64()*0.2)/scale, rng.Float64()*6
		y0 := rng.Float64() * float64(b.Dy())
		for x := 0; x < b.Dx(); x++ {
			y := int(y0 + amp*math.Sin(float64(x)*freq+phase))
			if y >= 0 && y < b.Dy() {
				c.SetNRGBA(x, y, ink)
			}
		}
	}
}

// decorate prints the labels and text of a card side and, on a front, the photo.
func decorate(rng *rand.Rand, c *image.NRGBA, scale float64, front bool) error {
	ft, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return fmt.Errorf("parse the Go font: %w", err)
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: 2.2 * scale, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return fmt.Errorf("Go font face: %w", err)
	}
	defer face.Close()
	ink := image.NewUniform(color.NRGBA{R: 30, G: 40, B: 90, A: 255})
	texts := []string{"IDENTITY CARD  DOCUMENTO NACIONAL", "SURNAME / APELLIDOS", "GIVEN NAMES 1984", "DATE OF BIRTH 12 05 1984", "ADDRESS CALLE MAYOR 12 MADRID"}
	left := 5.0
	if front {
		draw.Draw(c, image.Rect(int(4*scale), int(12*scale), int(28*scale), int(44*scale)), image.NewUniform(color.NRGBA{R: 120, G: 100, B: 90, A: 255}), image.Point{}, draw.Src)
		left = 31
	}
	for i, t := range texts {
		d := &font.Drawer{Dst: c, Src: ink, Face: face, Dot: fixed.P(int(left*scale), int((8+float64(i)*5+rng.Float64())*scale))}
		d.DrawString(t)
	}
	return nil
}

// drawZone prints the zone at the bottom of the document at ICAO's pitch and spacing.
func drawZone(f *opentype.Font, c *image.NRGBA, lines []string, scale, wmm, hmm float64) error {
	pitch100, _, err := mrz.FontMetrics(f, 100)
	if err != nil {
		return err
	}
	size := 100 * pitchMM * scale / pitch100
	left := (wmm - float64(len(lines[0]))*pitchMM) / 2
	ink := image.NewUniform(color.NRGBA{R: 15, G: 15, B: 20, A: 255})
	for i, l := range lines {
		base := hmm - 3.5 - float64(len(lines)-1-i)*lineMM
		if _, err := mrz.RenderLine(f, c, ink, size, int(left*scale), int(base*scale), l); err != nil {
			return err
		}
	}
	return nil
}

// place rotates, tilts and frames the card, returning the picture and the card's quad.
func place(rng *rand.Rand, card *image.NRGBA, o Options) (*image.NRGBA, [4]image.Point) {
	cw, ch := float64(card.Bounds().Dx()), float64(card.Bounds().Dy())
	margin := 0.06 * cw
	if o.InPhoto {
		margin = 0.35 * cw
	}
	ow, oh := int(cw+2*margin), int(ch+2*margin)
	out := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	// A desk: a dark, mottled surface.
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			v := 70 + 25*math.Sin(float64(x)/37+math.Sin(float64(y)/53)) + 8*rng.Float64()
			if !o.InPhoto {
				v = 200 + 10*rng.Float64()
			}
			i := out.PixOffset(x, y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(v), uint8(v*0.85), uint8(v*0.7), 255
		}
	}
	cx, cy := float64(ow)/2, float64(oh)/2
	th := o.Rotate * math.Pi / 180
	var quad [4]image.Point
	var dst [4][2]float64
	for i, p := range [4][2]float64{{-cw / 2, -ch / 2}, {cw / 2, -ch / 2}, {cw / 2, ch / 2}, {-cw / 2, ch / 2}} {
		x := cx + p[0]*math.Cos(th) - p[1]*math.Sin(th) + (rng.Float64()*2-1)*o.Perspective*cw
		y := cy + p[0]*math.Sin(th) + p[1]*math.Cos(th) + (rng.Float64()*2-1)*o.Perspective*cw
		dst[i] = [2]float64{x, y}
		quad[i] = image.Pt(int(math.Round(x)), int(math.Round(y)))
	}
	h := homography(dst, [4][2]float64{{0, 0}, {cw, 0}, {cw, ch}, {0, ch}})
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			// 2x2 supersampling keeps the glyph edges anti-aliased.
			var acc [3]float64
			n := 0
			for _, s := range [4][2]float64{{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}} {
				u, v := h.apply(float64(x)+s[0], float64(y)+s[1])
				if u < 0 || v < 0 || u >= cw || v >= ch {
					continue
				}
				j := card.PixOffset(int(u), int(v))
				for k := range acc {
					acc[k] += float64(card.Pix[j+k])
				}
				n++
			}
			if n == 0 {
				continue
			}
			i := out.PixOffset(x, y)
			for k := range acc {
				bg := float64(out.Pix[i+k])
				out.Pix[i+k] = uint8((acc[k] + bg*float64(4-n)) / 4)
			}
		}
	}
	return out, quad
}

// hom is a 3x3 projective transform with h33 = 1.
type hom [8]float64

func (h hom) apply(x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + 1
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}

// homography solves for the transform taking each from[i] to to[i].
func homography(from, to [4][2]float64) hom {
	var a [8][9]float64
	for i := 0; i < 4; i++ {
		x, y, u, v := from[i][0], from[i][1], to[i][0], to[i][1]
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for c := 0; c < 8; c++ {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		for r := 0; r < 8; r++ {
			if r != c && a[c][c] != 0 {
				k := a[r][c] / a[c][c]
				for j := c; j < 9; j++ {
					a[r][j] -= k * a[c][j]
				}
			}
		}
	}
	var h hom
	for i := range h {
		h[i] = a[i][8] / a[i][i]
	}
	return h
}

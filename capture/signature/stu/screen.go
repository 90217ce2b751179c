package stu

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/ink"
)

// Prompt is what the pad's screen shows while the customer signs.
type Prompt struct {
	// Statement is the one-line statement of the terms, shown above the box (wrapped to
	// two lines when long).
	Statement string
	// Name is the customer's name, shown under the signing line.
	Name string
}

// Screen colours. The monochrome pads show anything not white as dark.
var (
	colBackground = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colText       = color.NRGBA{R: 0x20, G: 0x20, B: 0x20, A: 0xff}
	colBox        = color.NRGBA{R: 0x60, G: 0x60, B: 0x70, A: 0xff}
	// InkColor is the ink on the colour pads (the kiosk's ink colour).
	InkColor = color.NRGBA{R: 0x10, G: 0x1e, B: 0x6e, A: 0xff}
)

// Screen is a rendered prompt: the image for the pad and the box the customer signs in.
type Screen struct {
	Image *image.NRGBA
	// Box is the signing box in screen pixels; the pad inks only inside it.
	Box Rect
}

// RenderPrompt draws pr on a w x h screen: the statement on top, the signing box with a
// signing line, and the name under the line. Text that does not fit is cut with "…".
func RenderPrompt(pr Prompt, w, h int) (Screen, error) {
	if w < 64 || h < 48 {
		return Screen{}, fmt.Errorf("pad screen %dx%d is too small for the signing box", w, h)
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(colBackground), image.Point{}, draw.Src)
	fnt, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return Screen{}, fmt.Errorf("load the pad's font: %w", err)
	}
	size := max(float64(h)/18, 12)
	face, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return Screen{}, fmt.Errorf("load the pad's font: %w", err)
	}
	defer face.Close()
	margin := max(w/40, 4)
	lineH := face.Metrics().Height.Ceil()
	ascent := face.Metrics().Ascent.Ceil()

	lines := wrap(face, pr.Statement, w-2*margin, 2)
	y := margin
	for _, l := range lines {
		drawText(img, face, l, (w-measure(face, l))/2, y+ascent)
		y += lineH
	}
	box := Rect{X0: uint16(margin), Y0: uint16(y + margin/2), X1: uint16(w - margin), Y1: uint16(h - margin - lineH)}
	strokeRect(img, box, max(h/240, 1))
	sign := int(box.Y0) + (int(box.Y1)-int(box.Y0))*3/4
	fillRect(img, image.Rect(int(box.X0)+2*margin, sign, int(box.X1)-2*margin, sign+max(h/240, 1)), colBox)
	drawText(img, face, "X", int(box.X0)+margin/2+2, sign)
	name := fit(face, pr.Name, w-2*margin)
	drawText(img, face, name, (w-measure(face, name))/2, int(box.Y1)+ascent+margin/4)
	return Screen{Image: img, Box: box}, nil
}

// WithInk returns a copy of s with the strokes of sig drawn in the pad's coordinates
// (used to put back the strokes kept after Undo or a reconnection).
func (s Screen) WithInk(sig signature.Signature, c Capability) *image.NRGBA {
	out := image.NewNRGBA(s.Image.Rect)
	copy(out.Pix, s.Image.Pix)
	if len(sig.Samples) == 0 {
		return out
	}
	layer := image.NewNRGBA(s.Image.Rect)
	t := ink.Transform{Scale: float64(c.ScreenWidth) / float64(max(c.TabletMaxX, 1))}
	pen := ink.DefaultPen(float64(c.ScreenWidth) / 600)
	pen.Color = InkColor
	ink.Draw(layer, sig, t, pen)
	draw.Draw(out, out.Rect, layer, image.Point{}, draw.Over)
	return out
}

func drawText(dst draw.Image, face font.Face, s string, x, y int) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(colText), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func measure(face font.Face, s string) int { return font.MeasureString(face, s).Ceil() }

// fit cuts s with an ellipsis to at most w pixels.
func fit(face font.Face, s string, w int) string {
	if measure(face, s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && measure(face, string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// wrap breaks s at spaces into at most n lines of w pixels; the last one is cut to fit.
func wrap(face font.Face, s string, w, n int) []string {
	var lines []string
	cur := ""
	words := strings.Fields(s)
	for i, word := range words {
		try := strings.TrimSpace(cur + " " + word)
		if measure(face, try) <= w || cur == "" {
			cur = try
			continue
		}
		if len(lines) == n-1 {
			return append(lines, fit(face, strings.Join(append([]string{cur}, words[i:]...), " "), w))
		}
		lines, cur = append(lines, cur), word
	}
	if cur != "" {
		lines = append(lines, fit(face, cur, w))
	}
	return lines
}

func fillRect(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	draw.Draw(img, r.Intersect(img.Rect), image.NewUniform(c), image.Point{}, draw.Src)
}

func strokeRect(img *image.NRGBA, b Rect, t int) {
	x0, y0, x1, y1 := int(b.X0), int(b.Y0), int(b.X1), int(b.Y1)
	fillRect(img, image.Rect(x0, y0, x1, y0+t), colBox)
	fillRect(img, image.Rect(x0, y1-t, x1, y1), colBox)
	fillRect(img, image.Rect(x0, y0, x0+t, y1), colBox)
	fillRect(img, image.Rect(x1-t, y0, x1, y1), colBox)
}

// EncodeBGR24 returns img as the 24-bit encoding: blue, green, red for every pixel, rows
// top to bottom, no padding.
func EncodeBGR24(img *image.NRGBA) []byte {
	b := img.Rect
	out := make([]byte, 0, b.Dx()*b.Dy()*3)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):]
		for x := 0; x < b.Dx(); x++ {
			p := row[x*4 : x*4+4]
			r, g, bl := over(p[0], p[3]), over(p[1], p[3]), over(p[2], p[3])
			out = append(out, bl, g, r)
		}
	}
	return out
}

// Encode1Bit returns img as the 1-bit encoding: rows top to bottom, each padded to a
// whole byte, the leftmost pixel in the most significant bit, 1 where the pixel is
// darker than mid-grey (ink, text, the box) and 0 where it is light.
func Encode1Bit(img *image.NRGBA) []byte {
	b := img.Rect
	stride := (b.Dx() + 7) / 8
	out := make([]byte, stride*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):]
		for x := 0; x < b.Dx(); x++ {
			p := row[x*4 : x*4+4]
			lum := (299*int(over(p[0], p[3])) + 587*int(over(p[1], p[3])) + 114*int(over(p[2], p[3]))) / 1000
			if lum < 128 {
				out[(y-b.Min.Y)*stride+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	return out
}

// over composes a channel of alpha a over white.
func over(c, a uint8) uint8 { return uint8((int(c)*int(a) + 255*(255-int(a)) + 127) / 255) }

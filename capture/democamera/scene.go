// Package democamera draws the pictures demo mode's camera shows: for the ID steps, a
// synthetic but realistic Ecuadorian-style identity card (marked SPECIMEN, with made-up
// data and a drawn portrait) on a dark desk, sharp and evenly lit so that it passes the
// document quality checks (Scene); for the selfie and its video, a loop of frames of a
// drawn person in front of a webcam, moving a little and blinking (FaceScenes).
// Everything is drawn by this code; nothing is a photograph of anyone.
package democamera

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Size is the scene's size in pixels.
const (
	Width  = 1600
	Height = 1100
)

// card is where the card lies in the scene.
var card = image.Rect(240, 200, 1360, 900)

// Scene draws the demo picture. It is deterministic: the same pixels every call.
func Scene() (image.Image, error) {
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	rng := rand.New(rand.NewPCG(21, 2026))
	// A dark wooden desk with some grain.
	for y := 0; y < Height; y++ {
		for x := 0; x < Width; x++ {
			g := 8*math.Sin(float64(y)/9+math.Sin(float64(x)/140)*3) + rng.NormFloat64()*3
			img.Set(x, y, color.RGBA{R: clamp(58 + g), G: clamp(48 + g*0.8), B: clamp(40 + g*0.6), A: 255})
		}
	}
	// The card: pale blue-grey, rounded, with a darker header band and a hologram stripe.
	fillRounded(img, card, 28, color.RGBA{R: 0xdc, G: 0xe6, B: 0xee, A: 255})
	band := image.Rect(card.Min.X, card.Min.Y, card.Max.X, card.Min.Y+110)
	fillRounded(img, band, 28, color.RGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 255})
	draw.Draw(img, image.Rect(band.Min.X, band.Max.Y-30, band.Max.X, band.Max.Y), image.NewUniform(color.RGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 255}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(band.Min.X, band.Max.Y, band.Max.X, band.Max.Y+8), image.NewUniform(color.RGBA{R: 0xc9, G: 0xa2, B: 0x27, A: 255}), image.Point{}, draw.Src)
	photo := image.Rect(card.Min.X+50, card.Min.Y+150, card.Min.X+330, card.Min.Y+500)
	portrait(img, photo)

	regular, err := face(goregular.TTF, 26)
	if err != nil {
		return nil, err
	}
	small, err := face(goregular.TTF, 20)
	if err != nil {
		return nil, err
	}
	bold, err := face(gobold.TTF, 34)
	if err != nil {
		return nil, err
	}
	boldSmall, err := face(gobold.TTF, 28)
	if err != nil {
		return nil, err
	}
	white, ink, grey := color.RGBA{R: 255, G: 255, B: 255, A: 255}, color.RGBA{R: 0x14, G: 0x1c, B: 0x26, A: 255}, color.RGBA{R: 0x4a, G: 0x58, B: 0x66, A: 255}
	text(img, bold, white, card.Min.X+50, card.Min.Y+52, "REPÚBLICA DEL ECUADOR")
	text(img, small, white, card.Min.X+50, card.Min.Y+88, "CÉDULA DE IDENTIDAD · DEMO ENROL KIOSK")
	col := card.Min.X + 380
	rows := []struct{ label, value string }{
		{"APELLIDOS / SURNAMES", "PÉREZ LOOR"},
		{"NOMBRES / GIVEN NAMES", "ANA MARÍA"},
		{"NACIONALIDAD / NATIONALITY", "ECUATORIANA"},
		{"FECHA DE NACIMIENTO / DATE OF BIRTH", "17 MAY 1990"},
		{"NUI", "1710034065"},
	}
	y := card.Min.Y + 175
	for _, r := range rows {
		text(img, small, grey, col, y, r.label)
		text(img, boldSmall, ink, col, y+34, r.value)
		y += 76
	}
	text(img, regular, color.RGBA{R: 0xb0, G: 0x20, B: 0x20, A: 255}, card.Max.X-250, card.Min.Y+560, "SPECIMEN")
	// A signature stroke and the machine-readable zone.
	signature(img, card.Min.X+60, card.Min.Y+560)
	mrz, err := face(gobold.TTF, 30)
	if err != nil {
		return nil, err
	}
	text(img, mrz, ink, card.Min.X+50, card.Max.Y-70, "I<ECU1710034065<<<<<<<<<<<<<<<")
	text(img, mrz, ink, card.Min.X+50, card.Max.Y-30, "PEREZ<LOOR<<ANA<MARIA<<<<<<<<<")
	return img, nil
}

// JPEG is Scene encoded at quality 92.
func JPEG() ([]byte, error) {
	img, err := Scene()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		return nil, fmt.Errorf("encode the demo camera's picture: %w", err)
	}
	return buf.Bytes(), nil
}

// portrait draws a face in r: a light background, shoulders, neck, head, hair, eyes,
// brows, nose and mouth.
func portrait(img *image.RGBA, r image.Rectangle) {
	draw.Draw(img, r, image.NewUniform(color.RGBA{R: 0xc8, G: 0xd4, B: 0xe0, A: 255}), image.Point{}, draw.Src)
	cx, w, h := float64(r.Min.X+r.Dx()/2), float64(r.Dx()), float64(r.Dy())
	top := float64(r.Min.Y)
	skin := color.RGBA{R: 0xc6, G: 0x8e, B: 0x6a, A: 255}
	hair := color.RGBA{R: 0x2a, G: 0x1c, B: 0x14, A: 255}
	shirt := color.RGBA{R: 0x2f, G: 0x3e, B: 0x5c, A: 255}
	ellipse(img, r, cx, top+h*1.02, w*0.55, h*0.30, shirt)                                                  // shoulders
	ellipse(img, r, cx, top+h*0.70, w*0.11, h*0.14, skin)                                                   // neck
	ellipse(img, r, cx, top+h*0.36, w*0.30, h*0.26, hair)                                                   // hair behind
	ellipse(img, r, cx, top+h*0.42, w*0.24, h*0.23, skin)                                                   // head
	ellipse(img, r, cx, top+h*0.22, w*0.26, h*0.09, hair)                                                   // fringe
	ellipse(img, r, cx-w*0.09, top+h*0.40, w*0.035, h*0.018, color.RGBA{R: 0x24, G: 0x1a, B: 0x14, A: 255}) // eyes
	ellipse(img, r, cx+w*0.09, top+h*0.40, w*0.035, h*0.018, color.RGBA{R: 0x24, G: 0x1a, B: 0x14, A: 255})
	ellipse(img, r, cx-w*0.09, top+h*0.36, w*0.06, h*0.008, hair) // brows
	ellipse(img, r, cx+w*0.09, top+h*0.36, w*0.06, h*0.008, hair)
	ellipse(img, r, cx, top+h*0.48, w*0.025, h*0.03, color.RGBA{R: 0xae, G: 0x76, B: 0x56, A: 255}) // nose
	ellipse(img, r, cx, top+h*0.56, w*0.08, h*0.015, color.RGBA{R: 0x9a, G: 0x4a, B: 0x44, A: 255}) // mouth
}

// signature draws a handwritten-looking stroke from (x, y).
func signature(img *image.RGBA, x, y int) {
	ink := color.RGBA{R: 0x1a, G: 0x2a, B: 0x6a, A: 255}
	for i := 0; i < 900; i++ {
		t := float64(i) / 900
		px := float64(x) + t*260
		py := float64(y) + 22*math.Sin(t*18) + 10*math.Sin(t*5)
		for dy := -2; dy <= 2; dy++ {
			for dx := -1; dx <= 1; dx++ {
				img.Set(int(px)+dx, int(py)+dy, ink)
			}
		}
	}
}

// ellipse fills the ellipse centred at (cx, cy) with radii rx, ry, clipped to clip.
func ellipse(img *image.RGBA, clip image.Rectangle, cx, cy, rx, ry float64, c color.Color) {
	b := image.Rect(int(cx-rx), int(cy-ry), int(cx+rx)+1, int(cy+ry)+1).Intersect(clip)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			if dx*dx+dy*dy <= 1 {
				img.Set(x, y, c)
			}
		}
	}
}

// fillRounded fills r with c, its corners rounded with radius rad.
func fillRounded(img *image.RGBA, r image.Rectangle, rad int, c color.Color) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			qx, qy := corner(x, r.Min.X+rad, r.Max.X-1-rad), corner(y, r.Min.Y+rad, r.Max.Y-1-rad)
			if qx*qx+qy*qy <= rad*rad {
				img.Set(x, y, c)
			}
		}
	}
}

// corner is how far v is outside [lo, hi] (0 inside).
func corner(v, lo, hi int) int {
	switch {
	case v < lo:
		return lo - v
	case v > hi:
		return v - hi
	}
	return 0
}

func face(ttf []byte, size float64) (font.Face, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("parse the demo card's font: %w", err)
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

func text(img *image.RGBA, f font.Face, c color.Color, x, y int, s string) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func clamp(v float64) uint8 { return uint8(min(max(v, 0), 255)) }

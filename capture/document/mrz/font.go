package mrz

import (
	"errors"
	"fmt"
	"image"
	"image/draw"
	"io/fs"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontPaths are where the OCR-B font is looked for when no path is given: the Debian
// package fonts-ocr-b and the usual local font folders. The font's glyphs are public
// domain / freely usable, but the program ships none of its bytes: it renders its
// templates from the installed font at run time. "OCR B Sharp" comes first: the
// regular cut's 8 and < use a CFF operator (flex1) that golang.org/x/image cannot draw.
var FontPaths = []string{
	"/usr/share/fonts/opentype/ocr-b/OCRBS.otf",
	"/usr/share/fonts/opentype/ocr-b/OCRB.otf",
	"/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
	"/usr/local/share/fonts/OCRB.otf",
}

// Alphabet is every character a machine readable zone may hold.
const Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"

// LoadFont reads the OCR-B font from path, or from the first of FontPaths that exists
// when path is empty. The error wraps ErrNoFont when there is none.
func LoadFont(path string) (*opentype.Font, error) {
	paths := FontPaths
	if path != "" {
		paths = []string{path}
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read the OCR-B font: %w", err)
		}
		f, err := opentype.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("parse the OCR-B font %s: %w", p, err)
		}
		if err := drawsAlphabet(f); err != nil {
			if path != "" {
				return nil, fmt.Errorf("the OCR-B font %s: %w", p, err)
			}
			continue
		}
		return f, nil
	}
	return nil, fmt.Errorf("%w: looked in %v", ErrNoFont, paths)
}

// RenderLine draws text in OCR-B at the given pixel size onto dst with its first
// character's origin (left end of the baseline) at (x, y) in colour src. It returns
// the pitch (advance of one character) in pixels. The tests render their synthetic
// documents with it; the recogniser renders its templates with it.
func RenderLine(f *opentype.Font, dst draw.Image, src image.Image, size float64, x, y int, text string) (pitch float64, err error) {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return 0, fmt.Errorf("OCR-B face at %.1f px: %w", size, err)
	}
	defer face.Close()
	d := &font.Drawer{Dst: dst, Src: src, Face: face, Dot: fixed.P(x, y)}
	d.DrawString(text)
	adv, _ := face.GlyphAdvance('0')
	return float64(adv) / 64, nil
}

// FontMetrics measures the font at the given size: the pitch and the cap height in
// pixels.
func FontMetrics(f *opentype.Font, size float64) (pitch, capHeight float64, err error) {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return 0, 0, fmt.Errorf("OCR-B face at %.1f px: %w", size, err)
	}
	defer face.Close()
	b, _ := font.BoundString(face, "H")
	adv, _ := face.GlyphAdvance('0')
	return float64(adv) / 64, float64(b.Max.Y-b.Min.Y) / 64, nil
}

// drawsAlphabet checks that every character of the alphabet has an outline this
// package can draw.
func drawsAlphabet(f *opentype.Font) error {
	var buf sfnt.Buffer
	for _, r := range Alphabet {
		i, err := f.GlyphIndex(&buf, r)
		if err == nil && i == 0 {
			err = errors.New("no glyph")
		}
		if err == nil {
			_, err = f.LoadGlyph(&buf, i, fixed.I(100), nil)
		}
		if err != nil {
			return fmt.Errorf("cannot draw %q: %w", r, err)
		}
	}
	return nil
}

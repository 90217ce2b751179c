package stu

import (
	"bytes"
	"compress/gzip"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// goldenPrompt is the known text of the golden images.
var goldenPrompt = Prompt{
	Statement: "I, María José Núñez Peña, accept the terms and conditions of the electronic signature service (version 2026-03).",
	Name:      "María José Núñez Peña",
}

// TestEncoders checks both encodings on a 10x2 image by hand: BGR order, rows, the 1-bit
// packing (leftmost pixel in the top bit, rows padded to bytes, dark = 1).
func TestEncoders(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 10, 2))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.SetNRGBA(0, 0, color.NRGBA{R: 0x11, G: 0x22, B: 0x33, A: 0xff})
	img.SetNRGBA(9, 0, color.NRGBA{A: 0xff})
	img.SetNRGBA(1, 1, color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}) // mid-grey: light
	img.SetNRGBA(8, 1, color.NRGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff}) // just dark
	img.SetNRGBA(2, 1, color.NRGBA{A: 0})                               // transparent: white
	bgr := EncodeBGR24(img)
	if len(bgr) != 60 || !bytes.Equal(bgr[:3], []byte{0x33, 0x22, 0x11}) || !bytes.Equal(bgr[27:30], []byte{0, 0, 0}) ||
		!bytes.Equal(bgr[36:39], []byte{0xff, 0xff, 0xff}) {
		t.Fatalf("BGR % x", bgr)
	}
	if got := Encode1Bit(img); !bytes.Equal(got, []byte{0x80, 0x40, 0x00, 0x80}) {
		t.Fatalf("1-bit % x, want 80 40 00 80", got)
	}
}

// TestPromptGolden renders the known prompt for the STU-540 (24-bit BGR, 800x480) and
// the STU-430 (1-bit, 320x200) and compares the bytes sent to the pad with the golden
// files. go test -run TestPromptGolden -args -update rewrites them, with PNG previews.
func TestPromptGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h int
		enc  func(*image.NRGBA) []byte
		gz   bool
	}{
		{"prompt_stu540.bgr.gz", 800, 480, EncodeBGR24, true},
		{"prompt_stu430.1bit", 320, 200, Encode1Bit, false},
	} {
		scr, err := RenderPrompt(goldenPrompt, c.w, c.h)
		if err != nil {
			t.Fatal(err)
		}
		got := c.enc(scr.Image)
		p := filepath.Join("testdata", c.name)
		if *update {
			writeGolden(t, p, got, c.gz)
			preview, _ := os.Create(p + ".png")
			var shown image.Image = scr.Image
			if !c.gz { // what the monochrome pad shows: the bits
				shown = fromBits(got, c.w, c.h)
			}
			if err := png.Encode(preview, shown); err != nil {
				t.Fatal(err)
			}
			preview.Close()
			continue
		}
		want := readGolden(t, p, c.gz)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the image for the known text changed (%d bytes, golden %d); if intended, -update and review the .png", c.name, len(got), len(want))
		}
	}
}

func writeGolden(t *testing.T, p string, b []byte, gz bool) {
	t.Helper()
	if gz {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		b = buf.Bytes()
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGolden(t *testing.T, p string, gz bool) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test -run TestPromptGolden -args -update)", err)
	}
	if !gz {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRenderTooSmall(t *testing.T) {
	if _, err := RenderPrompt(goldenPrompt, 32, 20); err == nil {
		t.Fatal("a 32x20 screen was accepted")
	}
}

// fromBits draws a 1-bit image back (1 = black), for the golden file's preview.
func fromBits(b []byte, w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	stride := (w + 7) / 8
	for y := range h {
		for x := range w {
			img.Pix[y*w+x] = 0xff
			if b[y*stride+x/8]&(0x80>>(x%8)) != 0 {
				img.Pix[y*w+x] = 0
			}
		}
	}
	return img
}

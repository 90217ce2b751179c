package document

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"testing"

	"github.com/disintegration/imaging"
)

// card returns the sharp fixture cropped to the card.
func card(t *testing.T) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(open(t, "card.jpg")))
	if err != nil {
		t.Fatal(err)
	}
	return imaging.Crop(img, image.Rect(280, 230, 1320, 880))
}

func failed(ms []Measure) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		if !m.OK {
			out[m.Name] = m.Advice
		}
	}
	return out
}

func TestAssessFlagsEachDefect(t *testing.T) {
	sharp := card(t)
	glare := imaging.Clone(sharp)
	draw.DrawMask(glare, glare.Bounds(), image.NewUniform(color.White), image.Point{},
		&circle{image.Point{500, 300}, 120}, image.Point{}, draw.Over)
	cases := []struct {
		name string
		img  image.Image
		want []string // the measures that must fail, exactly
	}{
		{"sharp", sharp, nil},
		{"blurred", imaging.Blur(sharp, 3), []string{MeasureSharpness}},
		{"over-exposed", imaging.AdjustBrightness(sharp, 45), []string{MeasureExposure, MeasureGlare}}, // clipped highlights are glare too
		{"dark", imaging.AdjustBrightness(sharp, -60), []string{MeasureExposure}},
		{"glare", glare, []string{MeasureGlare}},
		{"low resolution", imaging.Resize(sharp, 400, 0, imaging.Lanczos), []string{MeasureResolution}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := failed(Assess(c.img, DefaultThresholds()))
			if len(got) != len(c.want) {
				t.Fatalf("failed measures %v, want exactly %v (all: %+v)", got, c.want, Assess(c.img, DefaultThresholds()))
			}
			for _, name := range c.want {
				if got[name] == "" {
					t.Errorf("measure %s passed or has no advice: %v", name, got)
				}
			}
		})
	}
}

func TestAssessAdviceNamesTheRemedy(t *testing.T) {
	over := failed(Assess(imaging.AdjustBrightness(card(t), 45), DefaultThresholds()))
	if !bytes.Contains([]byte(over[MeasureExposure]), []byte("reduce the light")) {
		t.Errorf("over-exposure advice %q", over[MeasureExposure])
	}
	blur := failed(Assess(imaging.Blur(card(t), 3), DefaultThresholds()))
	if !bytes.Contains([]byte(blur[MeasureSharpness]), []byte("hold")) {
		t.Errorf("blur advice %q", blur[MeasureSharpness])
	}
}

// circle is an alpha mask: opaque inside a disc.
type circle struct {
	c image.Point
	r int
}

func (c *circle) ColorModel() color.Model { return color.AlphaModel }
func (c *circle) Bounds() image.Rectangle {
	return image.Rect(c.c.X-c.r, c.c.Y-c.r, c.c.X+c.r, c.c.Y+c.r)
}
func (c *circle) At(x, y int) color.Color {
	dx, dy := x-c.c.X, y-c.c.Y
	if dx*dx+dy*dy < c.r*c.r {
		return color.Alpha{255}
	}
	return color.Alpha{0}
}

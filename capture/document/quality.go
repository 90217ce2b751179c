package document

import (
	"fmt"
	"image"
	"math"

	"github.com/disintegration/imaging"
)

// Measure names.
const (
	MeasureSharpness  = "sharpness"
	MeasureGlare      = "glare"
	MeasureExposure   = "exposure"
	MeasureResolution = "resolution"
)

// analysisEdge is the long edge the quality measures are computed at, so that the
// thresholds mean the same thing whatever the camera's resolution.
const analysisEdge = 1000

// Thresholds are the limits a document image must meet; they come from config.Document.
type Thresholds struct {
	// MinSharpness is the lowest variance of the Laplacian (at a 1000 px long edge).
	MinSharpness float64
	// MaxGlare is the highest share (0-1) of saturated pixels.
	MaxGlare float64
	// MinBrightness and MaxBrightness bound the mean luminance (0-255).
	MinBrightness, MaxBrightness float64
	// MinLongEdge is the fewest pixels the cropped document may have along its long edge.
	MinLongEdge int
}

// DefaultThresholds are the limits used when the configuration sets none.
func DefaultThresholds() Thresholds {
	return Thresholds{MinSharpness: 60, MaxGlare: 0.02, MinBrightness: 60, MaxBrightness: 230, MinLongEdge: 900}
}

// Measure is one quality measure of a document image and its verdict.
type Measure struct {
	// Name is one of the Measure* constants.
	Name string `json:"name"`
	// Value is what was measured; Min and Max bound the acceptable range (0: no bound).
	Value float64 `json:"value"`
	Min   float64 `json:"min,omitempty"`
	Max   float64 `json:"max,omitempty"`
	// OK tells whether Value is within the range.
	OK bool `json:"ok"`
	// Advice tells the operator what to do when the measure failed; empty when OK.
	Advice string `json:"advice,omitempty"`
}

// assess measures img, judging the resolution by the long edge of the document as it was
// captured (before any resizing).
func assess(img image.Image, capturedLongEdge int, t Thresholds) []Measure {
	gray := analysisGray(img)
	return []Measure{
		sharpnessMeasure(laplacianVariance(gray), t),
		glareMeasure(saturatedShare(gray), t),
		exposureMeasure(meanLuma(gray), t),
		resolutionMeasure(capturedLongEdge, t),
	}
}

func sharpnessMeasure(v float64, t Thresholds) Measure {
	m := Measure{Name: MeasureSharpness, Value: round(v, 1), Min: t.MinSharpness, OK: v >= t.MinSharpness}
	if !m.OK {
		m.Advice = "the picture is blurred: hold the camera and the document still, and let it focus before capturing"
	}
	return m
}

func glareMeasure(v float64, t Thresholds) Measure {
	m := Measure{Name: MeasureGlare, Value: round(v, 4), Max: t.MaxGlare, OK: v <= t.MaxGlare}
	if !m.OK {
		m.Advice = fmt.Sprintf("%.1f%% of the document is washed out by glare: move away from the light or tilt the document slightly", v*100)
	}
	return m
}

func exposureMeasure(v float64, t Thresholds) Measure {
	m := Measure{Name: MeasureExposure, Value: round(v, 1), Min: t.MinBrightness, Max: t.MaxBrightness}
	switch {
	case v < t.MinBrightness:
		m.Advice = "the picture is too dark: add light or move to a brighter place"
	case v > t.MaxBrightness:
		m.Advice = "the picture is over-exposed: reduce the light or move out of direct sunlight"
	default:
		m.OK = true
	}
	return m
}

func resolutionMeasure(longEdge int, t Thresholds) Measure {
	m := Measure{Name: MeasureResolution, Value: float64(longEdge), Min: float64(t.MinLongEdge), OK: longEdge >= t.MinLongEdge}
	if !m.OK {
		m.Advice = fmt.Sprintf("the document is only %d pixels wide: move the camera closer so the document fills the frame, or scan at 300 dpi or more", longEdge)
	}
	return m
}

// analysisGray returns the luminance of img scaled down to analysisEdge (never up).
func analysisGray(img image.Image) *image.Gray {
	return toGray(shrink(img, analysisEdge))
}

// toGray converts img to 8-bit luminance (ITU-R 601 weights).
func toGray(img image.Image) *image.Gray {
	n, ok := img.(*image.NRGBA)
	if !ok || n.Rect.Min != (image.Point{}) {
		n = imaging.Clone(img)
	}
	w, h := n.Rect.Dx(), n.Rect.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		row := n.Pix[y*n.Stride : y*n.Stride+4*w]
		out := g.Pix[y*g.Stride : y*g.Stride+w]
		for x := range out {
			r, gg, bb := uint32(row[4*x]), uint32(row[4*x+1]), uint32(row[4*x+2])
			out[x] = uint8((299*r + 587*gg + 114*bb + 500) / 1000)
		}
	}
	return g
}

// laplacianVariance is the variance of the 4-neighbour Laplacian: low when blurred.
func laplacianVariance(g *image.Gray) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 3 || h < 3 {
		return 0
	}
	var sum, sq float64
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*g.Stride + x
			l := 4*int(g.Pix[i]) - int(g.Pix[i-1]) - int(g.Pix[i+1]) - int(g.Pix[i-g.Stride]) - int(g.Pix[i+g.Stride])
			sum += float64(l)
			sq += float64(l * l)
		}
	}
	n := float64((w - 2) * (h - 2))
	mean := sum / n
	return sq/n - mean*mean
}

// saturatedShare is the share of pixels at or above 250: blown-out highlights.
func saturatedShare(g *image.Gray) float64 {
	var n int
	for _, p := range g.Pix {
		if p >= 250 {
			n++
		}
	}
	return float64(n) / float64(max(len(g.Pix), 1))
}

// meanLuma is the mean luminance, 0-255.
func meanLuma(g *image.Gray) float64 {
	var s int
	for _, p := range g.Pix {
		s += int(p)
	}
	return float64(s) / float64(max(len(g.Pix), 1))
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

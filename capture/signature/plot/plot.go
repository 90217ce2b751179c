package plot

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

var (
	colAxis     = color.RGBA{0x60, 0x60, 0x60, 0xff}
	colPenUp    = color.RGBA{0xee, 0xee, 0xee, 0xff}
	colPressure = color.RGBA{0x1f, 0x5f, 0xbf, 0xff}
	colSpeed    = color.RGBA{0xc0, 0x39, 0x2b, 0xff}
	colText     = color.RGBA{0x20, 0x20, 0x20, 0xff}
)

// Series is one curve: values over time (ms), NaN where there is no value.
type Series struct {
	T, V []float64
	Max  float64
}

// Pressure returns the pressure series (NaN when the pen is up or has no pressure).
func Pressure(sig signature.Signature) Series {
	s := Series{Max: float64(max(sig.Device.PressureMax, 1))}
	for _, p := range sig.Samples {
		v := math.NaN()
		if p.Contact && sig.Device.HasPressure {
			v = float64(p.Pressure)
		}
		s.T, s.V = append(s.T, float64(p.T)), append(s.V, v)
	}
	return s
}

// Speed returns the pen speed between consecutive samples in contact, in mm/s when the
// device resolution is known, else in device units per second.
func Speed(sig signature.Signature) Series {
	per := 1.0
	if sig.Device.Resolution > 0 {
		per = sig.Device.Resolution
	}
	var s Series
	for i, p := range sig.Samples {
		v := math.NaN()
		if i > 0 && p.Contact && sig.Samples[i-1].Contact && p.T > sig.Samples[i-1].T {
			q := sig.Samples[i-1]
			v = math.Hypot(float64(p.X-q.X), float64(p.Y-q.Y)) / per / (float64(p.T-q.T) / 1000)
			s.Max = math.Max(s.Max, v)
		}
		s.T, s.V = append(s.T, float64(p.T)), append(s.V, v)
	}
	s.Max = math.Max(s.Max, 1)
	return s
}

// Draw renders the chart: pressure on top, speed below, time along the bottom.
func Draw(sig signature.Signature, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	dur := math.Max(float64(sig.Duration()), 1)
	top := image.Rect(60, 24, w-16, h/2-12)
	bottom := image.Rect(60, h/2+12, w-16, h-28)
	speed := Speed(sig)
	unit := "units/s"
	if sig.Device.Resolution > 0 {
		unit = "mm/s"
	}
	for _, panel := range []struct {
		r     image.Rectangle
		s     Series
		c     color.RGBA
		title string
	}{
		{top, Pressure(sig), colPressure, fmt.Sprintf("pressure (0..%d)", sig.Device.PressureMax)},
		{bottom, speed, colSpeed, fmt.Sprintf("speed, max %.0f %s", speed.Max, unit)},
	} {
		shadePenUp(img, panel.r, sig, dur)
		curve(img, panel.r, panel.s, dur, panel.c)
		axes(img, panel.r)
		label(img, panel.r.Min.X, panel.r.Min.Y-6, panel.title)
	}
	if !sig.Device.HasPressure {
		label(img, top.Min.X+10, top.Min.Y+20, "this device does not measure pressure")
	}
	for s := 0.0; s <= dur/1000; s += tick(dur / 1000) {
		x := bottom.Min.X + int(s*1000/dur*float64(bottom.Dx()))
		line(img, x, bottom.Max.Y, x, bottom.Max.Y+4, colAxis)
		label(img, x-8, bottom.Max.Y+18, fmt.Sprintf("%.1fs", s))
	}
	return img
}

func tick(seconds float64) float64 {
	for _, t := range []float64{0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 60} {
		if seconds/t <= 12 {
			return t
		}
	}
	return 120
}

func shadePenUp(img *image.RGBA, r image.Rectangle, sig signature.Signature, dur float64) {
	for i := 1; i < len(sig.Samples); i++ {
		if sig.Samples[i-1].Contact && sig.Samples[i].Contact {
			continue
		}
		x0 := r.Min.X + int(float64(sig.Samples[i-1].T)/dur*float64(r.Dx()))
		x1 := r.Min.X + int(float64(sig.Samples[i].T)/dur*float64(r.Dx()))
		draw.Draw(img, image.Rect(x0, r.Min.Y, max(x1, x0+1), r.Max.Y), image.NewUniform(colPenUp), image.Point{}, draw.Src)
	}
}

func curve(img *image.RGBA, r image.Rectangle, s Series, dur float64, c color.RGBA) {
	px := func(i int) (int, int) {
		x := r.Min.X + int(s.T[i]/dur*float64(r.Dx()))
		y := r.Max.Y - int(math.Min(s.V[i]/s.Max, 1)*float64(r.Dy()))
		return x, y
	}
	for i := 1; i < len(s.V); i++ {
		if math.IsNaN(s.V[i]) || math.IsNaN(s.V[i-1]) {
			continue
		}
		x0, y0 := px(i - 1)
		x1, y1 := px(i)
		line(img, x0, y0, x1, y1, c)
	}
}

func axes(img *image.RGBA, r image.Rectangle) {
	line(img, r.Min.X, r.Min.Y, r.Min.X, r.Max.Y, colAxis)
	line(img, r.Min.X, r.Max.Y, r.Max.X, r.Max.Y, colAxis)
}

// line draws a one-pixel line (Bresenham).
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		img.SetRGBA(x0, y0, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e, x0 = e+dy, x0+sx
		}
		if e2 <= dx {
			e, y0 = e+dx, y0+sy
		}
	}
}

func abs(v int) int { return max(v, -v) }

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func label(img *image.RGBA, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(colText), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

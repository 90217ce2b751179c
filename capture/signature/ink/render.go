package ink

import (
	"image"
	"math"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// Transform maps device units to raster pixels: px = (x - OriginX) * Scale + OffsetX.
type Transform struct {
	OriginX, OriginY float64
	Scale            float64
	OffsetX, OffsetY float64
}

// Point returns the raster point of sample s from a device with pressure range pmax
// (0 when the device has no pressure).
func (t Transform) Point(s signature.Sample, pmax int32) Point {
	p := -1.0
	if pmax > 0 {
		p = float64(s.Pressure) / float64(pmax)
	}
	return Point{
		X: (float64(s.X)-t.OriginX)*t.Scale + t.OffsetX,
		Y: (float64(s.Y)-t.OriginY)*t.Scale + t.OffsetY,
		T: float64(s.T), Pressure: p,
	}
}

// Fit returns the transform that fits the device area into a w x h raster, keeping the
// aspect ratio and centring it.
func Fit(d signature.Device, w, h int) Transform {
	scale := math.Min(float64(w)/float64(d.Width()), float64(h)/float64(d.Height()))
	return Transform{
		OriginX: float64(d.XMin), OriginY: float64(d.YMin), Scale: scale,
		OffsetX: (float64(w) - float64(d.Width())*scale) / 2,
		OffsetY: (float64(h) - float64(d.Height())*scale) / 2,
	}
}

// Draw draws every stroke of sig onto dst through t.
func Draw(dst *image.NRGBA, sig signature.Signature, t Transform, pen Pen) {
	st := NewStroker(dst, pen)
	pmax := int32(0)
	if sig.Device.HasPressure {
		pmax = sig.Device.PressureMax
	}
	for _, stroke := range sig.Strokes() {
		for _, s := range stroke {
			st.Add(t.Point(s, pmax))
		}
		st.End()
	}
}

// Render draws sig trimmed to its ink: the ink's bounding box scaled to fit within
// maxW x maxH (padding included), with pad pixels of margin. Pen widths are scaled with
// the image (width scale 1 is a 600-pixel-wide image). It returns nil when no sample is
// in contact.
func Render(sig signature.Signature, maxW, maxH, pad int, pen Pen) *image.NRGBA {
	minX, minY, maxX, maxY, ok := sig.Bounds()
	if !ok {
		return nil
	}
	bw, bh := float64(max(maxX-minX, 1)), float64(max(maxY-minY, 1))
	scale := math.Min(float64(maxW-2*pad)/bw, float64(maxH-2*pad)/bh)
	w := min(int(math.Ceil(bw*scale))+2*pad, maxW)
	h := min(int(math.Ceil(bh*scale))+2*pad, maxH)
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	t := Transform{OriginX: float64(minX), OriginY: float64(minY), Scale: scale, OffsetX: float64(pad), OffsetY: float64(pad)}
	Draw(dst, sig, t, pen)
	return dst
}

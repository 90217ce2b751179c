package signaturepad

import (
	"image"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/ink"
)

// pixelScale is the canvas's pixels per Fyne unit (1 before the pad is shown).
func (p *Pad) pixelScale() float32 {
	if app := fyne.CurrentApp(); app != nil {
		if c := app.Driver().CanvasForObject(p); c != nil && c.Scale() > 0 {
			return c.Scale()
		}
	}
	return 1
}

// resizeRaster makes a raster of the pad's pixel size and redraws everything on it.
func (p *Pad) resizeRaster(size fyne.Size) {
	sc := p.pixelScale()
	w, h := max(int(size.Width*sc), 1), max(int(size.Height*sc), 1)
	if p.img != nil && p.img.Rect.Dx() == w && p.img.Rect.Dy() == h {
		return
	}
	p.img = image.NewNRGBA(image.Rect(0, 0, w, h))
	p.raster.Image = p.img
	p.redraw()
}

// transform maps the current device to the raster.
func (p *Pad) transform() ink.Transform {
	w, h := p.img.Rect.Dx(), p.img.Rect.Dy()
	if p.dev.Kind == signature.KindPointer {
		sc := float64(w) / float64(max(p.Size().Width, 1))
		return ink.Transform{Scale: sc / pointerUnits}
	}
	return ink.Fit(p.dev, w, h)
}

func (p *Pad) pen() ink.Pen {
	sc := float64(p.pixelScale())
	if p.opts.Pen.MaxWidth == 0 {
		return ink.DefaultPen(sc)
	}
	pen := p.opts.Pen
	pen.MinWidth, pen.MaxWidth, pen.MinDistance = pen.MinWidth*sc, pen.MaxWidth*sc, pen.MinDistance*sc
	return pen
}

// redraw clears the raster and draws every sample again (after resize, undo or clear).
func (p *Pad) redraw() {
	clear(p.img.Pix)
	p.tr = p.transform()
	p.stroker = ink.NewStroker(p.img, p.pen())
	pmax := p.pressureMax()
	for _, stroke := range (signature.Signature{Samples: p.samples}).Strokes() {
		for _, s := range stroke {
			p.stroker.Add(p.tr.Point(s, pmax))
		}
		p.stroker.End()
	}
	if p.down {
		// The open stroke continues: restart it at its last point.
		p.stroker.Add(p.tr.Point(p.samples[len(p.samples)-1], pmax))
	}
	p.raster.Refresh()
}

func (p *Pad) pressureMax() int32 {
	if p.dev.HasPressure {
		return p.dev.PressureMax
	}
	return 0
}

// drawSample draws only the segment s completes and refreshes the raster if ink changed.
func (p *Pad) drawSample(s signature.Sample) {
	if p.stroker == nil {
		p.tr = p.transform()
		p.stroker = ink.NewStroker(p.img, p.pen())
	}
	var dirty image.Rectangle
	if s.Contact {
		dirty = p.stroker.Add(p.tr.Point(s, p.pressureMax()))
	} else {
		dirty = p.stroker.End()
	}
	if !dirty.Empty() {
		p.raster.Refresh()
	}
}

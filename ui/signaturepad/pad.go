package signaturepad

import (
	"image"
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/ink"
)

// pointerUnits is the number of pointer device units per Fyne unit (DIP).
const pointerUnits = 10

// Options configure a Pad. The zero value is usable.
type Options struct {
	// Rules are the quality checks Accept runs; zero means signature.DefaultRules.
	Rules signature.Rules
	// Pen draws the ink at raster scale 1; zero means ink.DefaultPen.
	Pen ink.Pen
	// Background fills the pad; nil means white.
	Background color.Color
	// OnChanged is called (on the UI goroutine) after samples are added or removed.
	OnChanged func()
	// Now returns the time; nil means time.Now. Tests set it.
	Now func() time.Time
}

// Pad is the signature pad widget.
type Pad struct {
	widget.BaseWidget
	opts Options

	dev          signature.Device
	samples      []signature.Sample
	strokeStarts []int // index of each stroke's first sample
	down         bool
	pressAt      *fyne.Position // the press point, until the first drag moves
	t0           time.Time
	external     bool      // a Source is attached: pointer events are ignored
	tOffset      uint32    // added to a source's sample times (Resume)
	stoppedAt    time.Time // when the last source stopped

	img     *image.NRGBA
	raster  *canvas.Image
	stroker *ink.Stroker
	tr      ink.Transform

	mu      sync.Mutex // guards pending and flushing
	pending []signature.Sample
	queued  bool
}

var (
	_ fyne.Widget       = (*Pad)(nil)
	_ fyne.Draggable    = (*Pad)(nil)
	_ desktop.Mouseable = (*Pad)(nil)
)

// New returns an empty pad taking pointer events.
func New(opts Options) *Pad {
	if opts.Rules == (signature.Rules{}) {
		opts.Rules = signature.DefaultRules()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Background == nil {
		opts.Background = color.White
	}
	p := &Pad{opts: opts, dev: pointerDevice(0, 0)}
	p.img = image.NewNRGBA(image.Rect(0, 0, 1, 1))
	p.raster = canvas.NewImageFromImage(p.img)
	p.raster.FillMode = canvas.ImageFillStretch
	p.raster.ScaleMode = canvas.ImageScalePixels
	p.ExtendBaseWidget(p)
	return p
}

func pointerDevice(w, h float32) signature.Device {
	return signature.Device{Kind: signature.KindPointer, Name: "pointer (mouse or touch)",
		XMax: int32(w * pointerUnits), YMax: int32(h * pointerUnits)}
}

// CreateRenderer implements fyne.Widget.
func (p *Pad) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(p.opts.Background)
	line := canvas.NewLine(color.NRGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xff})
	line.StrokeWidth = 1
	return &renderer{pad: p, bg: bg, line: line}
}

// MinSize implements fyne.Widget: room for a signature at a comfortable size.
func (p *Pad) MinSize() fyne.Size { return fyne.NewSize(400, 200) }

// Samples returns a copy of the samples captured so far.
func (p *Pad) Samples() []signature.Sample {
	return append([]signature.Sample(nil), p.samples...)
}

// Signature returns the device and a copy of the samples.
func (p *Pad) Signature() signature.Signature {
	return signature.Signature{Device: p.dev, Samples: p.Samples()}
}

// Image returns the raster the ink is drawn on (owned by the pad: do not modify).
func (p *Pad) Image() *image.NRGBA { return p.img }

// Accept runs the quality checks and returns the signature, or the reason to sign again
// (one of the sentinel errors of package signature).
func (p *Pad) Accept() (signature.Signature, error) {
	sig := p.Signature()
	if err := signature.Check(sig, p.opts.Rules); err != nil {
		return signature.Signature{}, err
	}
	return sig, nil
}

// Clear removes every sample and the ink.
func (p *Pad) Clear() {
	p.samples, p.strokeStarts, p.down, p.pressAt = nil, nil, false, nil
	p.redraw()
	p.changed()
}

// Undo removes the last stroke (and the samples after it) and redraws.
func (p *Pad) Undo() {
	if len(p.strokeStarts) == 0 {
		return
	}
	last := p.strokeStarts[len(p.strokeStarts)-1]
	p.samples, p.strokeStarts, p.down = p.samples[:last], p.strokeStarts[:len(p.strokeStarts)-1], false
	p.redraw()
	p.changed()
}

func (p *Pad) changed() {
	if p.opts.OnChanged != nil {
		p.opts.OnChanged()
	}
}

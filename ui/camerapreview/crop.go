package camerapreview

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// cropDisplayEdge bounds the copy of the still that the editor draws; the quad stays in
// the still's own pixels.
const cropDisplayEdge = 1600

// handleRadius is the corner handle's radius: a target of 56 px, large enough for a finger
// on a touch screen (drags start within 3 radii of a corner).
const handleRadius = 28

// CropEditor shows a still with the document's outline and lets the operator drag its
// four corners. Start it with the automatic proposal (document.DetectQuad) and pass
// Quad() to document.Options.Crop.
type CropEditor struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after each corner move.
	OnChanged func(document.Quad)

	bounds  image.Rectangle
	quad    document.Quad
	img     *canvas.Image
	lines   [4]*canvas.Line
	handles [4]*canvas.Circle
	active  int // the corner being dragged, -1 for none
}

// NewCropEditor returns an editor over img with the outline q (in img's pixels).
func NewCropEditor(img image.Image, q document.Quad) *CropEditor {
	shown := img
	if b := img.Bounds(); max(b.Dx(), b.Dy()) > cropDisplayEdge {
		shown = imaging.Fit(img, cropDisplayEdge, cropDisplayEdge, imaging.Linear)
	}
	e := &CropEditor{bounds: img.Bounds(), quad: q, img: canvas.NewImageFromImage(shown), active: -1}
	e.img.FillMode = canvas.ImageFillContain
	outline := color.NRGBA{R: 0, G: 200, B: 255, A: 255}
	for i := range e.lines {
		e.lines[i] = canvas.NewLine(outline)
		e.lines[i].StrokeWidth = 3
		e.handles[i] = canvas.NewCircle(color.NRGBA{R: 0, G: 200, B: 255, A: 160})
		e.handles[i].StrokeColor, e.handles[i].StrokeWidth = color.White, 2
	}
	e.ExtendBaseWidget(e)
	return e
}

// Quad returns the outline in the still's pixels.
func (e *CropEditor) Quad() document.Quad { return e.quad }

// SetQuad replaces the outline (e.g. "reset to the detected edges").
func (e *CropEditor) SetQuad(q document.Quad) {
	e.quad = q
	e.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (e *CropEditor) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{e.img}
	for _, l := range e.lines {
		objs = append(objs, l)
	}
	for _, h := range e.handles {
		objs = append(objs, h)
	}
	return &cropRenderer{e: e, objs: objs}
}

// view returns the scale and offset that map image pixels to widget positions.
func (e *CropEditor) view(size fyne.Size) (scale float32, off fyne.Position) {
	iw, ih := float32(e.bounds.Dx()), float32(e.bounds.Dy())
	scale = min(size.Width/iw, size.Height/ih)
	return scale, fyne.NewPos((size.Width-iw*scale)/2, (size.Height-ih*scale)/2)
}

func (e *CropEditor) toScreen(p image.Point) fyne.Position {
	scale, off := e.view(e.Size())
	return fyne.NewPos(off.X+float32(p.X-e.bounds.Min.X)*scale, off.Y+float32(p.Y-e.bounds.Min.Y)*scale)
}

// Dragged moves the corner nearest to where the drag began.
func (e *CropEditor) Dragged(ev *fyne.DragEvent) {
	if e.active < 0 {
		e.active = e.nearest(ev.Position, ev.Position.Subtract(ev.Dragged))
		if e.active < 0 {
			return
		}
	}
	scale, _ := e.view(e.Size())
	if scale <= 0 {
		return
	}
	p := e.quad[e.active]
	p.X += int(math.Round(float64(ev.Dragged.DX / scale)))
	p.Y += int(math.Round(float64(ev.Dragged.DY / scale)))
	p.X = min(max(p.X, e.bounds.Min.X), e.bounds.Max.X)
	p.Y = min(max(p.Y, e.bounds.Min.Y), e.bounds.Max.Y)
	e.quad[e.active] = p
	e.Refresh()
	if e.OnChanged != nil {
		e.OnChanged(e.quad)
	}
}

// DragEnd releases the corner.
func (e *CropEditor) DragEnd() { e.active = -1 }

// nearest returns the corner within reach of either position, or -1.
func (e *CropEditor) nearest(a, b fyne.Position) int {
	best, bestD := -1, float32(3*handleRadius)
	for i, c := range e.quad {
		s := e.toScreen(c)
		for _, p := range []fyne.Position{a, b} {
			if d := float32(math.Hypot(float64(p.X-s.X), float64(p.Y-s.Y))); d < bestD {
				best, bestD = i, d
			}
		}
	}
	return best
}

type cropRenderer struct {
	e    *CropEditor
	objs []fyne.CanvasObject
}

func (r *cropRenderer) Layout(size fyne.Size) {
	r.e.img.Resize(size)
	r.e.img.Move(fyne.NewPos(0, 0))
	for i := range r.e.quad {
		a, b := r.e.toScreen(r.e.quad[i]), r.e.toScreen(r.e.quad[(i+1)%4])
		r.e.lines[i].Position1, r.e.lines[i].Position2 = a, b
		h := r.e.handles[i]
		h.Resize(fyne.NewSize(2*handleRadius, 2*handleRadius))
		h.Move(a.SubtractXY(handleRadius, handleRadius))
	}
}

func (r *cropRenderer) MinSize() fyne.Size { return fyne.NewSize(320, 240) }

func (r *cropRenderer) Refresh() {
	r.Layout(r.e.Size())
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *cropRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *cropRenderer) Destroy()                     {}

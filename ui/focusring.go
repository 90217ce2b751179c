package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Sizes of the focus ring: a stroke of ringWidth drawn ringGap outside the focused
// control, so it shows on the background around any control, a blue button included.
const (
	ringWidth = 3
	ringGap   = 2
)

// focusRing draws a visible ring around the focused control of the window. It takes no
// input: taps and keys go to what is under it.
type focusRing struct {
	rect   *canvas.Rectangle
	layer  *fyne.Container // a layer without layout over the whole window
	canvas func() fyne.Canvas
}

func newFocusRing(canvasOf func() fyne.Canvas) *focusRing {
	r := &focusRing{rect: canvas.NewRectangle(color.Transparent), canvas: canvasOf}
	r.rect.StrokeWidth = ringWidth
	r.rect.CornerRadius = theme.InputRadiusSize() + ringGap
	r.rect.Hide()
	r.layer = container.NewWithoutLayout(r.rect)
	return r
}

// update moves the ring around the control that has the focus now, or hides it. The ring
// is clipped to every scroll that holds the control: a field scrolled out of view takes
// its ring with it instead of leaving it over the Back/Next bar.
func (r *focusRing) update() {
	c := r.canvas()
	if c == nil {
		return
	}
	o, ok := c.Focused().(fyne.CanvasObject)
	if !ok || o == nil {
		r.hide()
		return
	}
	path := shownPath(c, o)
	if path == nil {
		r.hide()
		return
	}
	d := fyne.CurrentApp().Driver()
	off := float32(ringWidth + ringGap)
	pos, size := d.AbsolutePositionForObject(o), o.Size()
	ring := probeRect{pos.X - off, pos.Y - off, size.Width + 2*off, size.Height + 2*off}
	for _, p := range path {
		if sc, ok := p.(*container.Scroll); ok && p != o {
			at := d.AbsolutePositionForObject(sc)
			ring = ring.intersect(probeRect{at.X, at.Y, sc.Size().Width, sc.Size().Height})
		}
	}
	if ring.w <= 2*ringWidth || ring.h <= 2*ringWidth {
		r.hide() // scrolled out of view
		return
	}
	at := fyne.NewPos(ring.x, ring.y).Subtract(d.AbsolutePositionForObject(r.layer))
	size = fyne.NewSize(ring.w, ring.h)
	stroke := fyne.CurrentApp().Settings().Theme().Color(colorNameFocusRing, fyne.CurrentApp().Settings().ThemeVariant())
	if r.rect.Visible() && r.rect.Position() == at && r.rect.Size() == size && r.rect.StrokeColor == stroke {
		return
	}
	r.rect.StrokeColor = stroke
	r.rect.Move(at)
	r.rect.Resize(size)
	r.rect.Show()
	r.rect.Refresh()
}

// shownPath is the chain of visible objects from one of c's roots (its content or an
// overlay) down to o, o last; nil when o is not on screen.
func shownPath(c fyne.Canvas, o fyne.CanvasObject) []fyne.CanvasObject {
	roots := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, root := range roots {
		if p := pathTo(root, o); p != nil {
			return p
		}
	}
	return nil
}

// pathTo is the chain from parent down to o with every object on it visible, or nil.
func pathTo(parent, o fyne.CanvasObject) []fyne.CanvasObject {
	if parent == nil || !parent.Visible() {
		return nil
	}
	if parent == o {
		return []fyne.CanvasObject{o}
	}
	var children []fyne.CanvasObject
	switch v := parent.(type) {
	case *fyne.Container:
		children = v.Objects
	case fyne.Widget:
		children = widgetRenderer(v).Objects()
	}
	for _, c := range children {
		if p := pathTo(c, o); p != nil {
			return append([]fyne.CanvasObject{parent}, p...)
		}
	}
	return nil
}

func (r *focusRing) hide() {
	if r.rect.Visible() {
		r.rect.Hide()
	}
}

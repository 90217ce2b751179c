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

// update moves the ring around the control that has the focus now, or hides it.
func (r *focusRing) update() {
	c := r.canvas()
	if c == nil {
		return
	}
	o, ok := c.Focused().(fyne.CanvasObject)
	if !ok || o == nil || !shown(c, o) {
		r.hide()
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Subtract(fyne.CurrentApp().Driver().AbsolutePositionForObject(r.layer))
	off := float32(ringWidth + ringGap)
	at, size := pos.SubtractXY(off, off), o.Size().AddWidthHeight(2*off, 2*off)
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

// shown reports whether o is on c's screen: it and every object holding it are visible.
func shown(c fyne.Canvas, o fyne.CanvasObject) bool {
	roots := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, root := range roots {
		if holds(root, o) {
			return true
		}
	}
	return false
}

// holds reports whether o is parent or under it with every object between them visible.
func holds(parent, o fyne.CanvasObject) bool {
	if parent == nil || !parent.Visible() {
		return false
	}
	if parent == o {
		return true
	}
	var children []fyne.CanvasObject
	switch v := parent.(type) {
	case *fyne.Container:
		children = v.Objects
	case fyne.Widget:
		children = widgetRenderer(v).Objects()
	}
	for _, c := range children {
		if holds(c, o) {
			return true
		}
	}
	return false
}

func (r *focusRing) hide() {
	if r.rect.Visible() {
		r.rect.Hide()
	}
}

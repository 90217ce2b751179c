package wizard

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// cardAspect is an ID-1 card's width over its height (85.60 x 53.98 mm).
const cardAspect = 85.60 / 53.98

// framingGuide is the outline drawn over the live camera: where to hold the card (a
// rounded card shape), or where the face goes (an upright oval), so a person frames the
// picture before taking it.
type framingGuide struct {
	shape  *canvas.Rectangle
	face   bool
	object *fyne.Container
}

func newFramingGuide(face bool) *framingGuide {
	g := &framingGuide{shape: canvas.NewRectangle(color.Transparent), face: face}
	g.shape.StrokeColor = theme.Color(colorNameGuide)
	g.shape.StrokeWidth = 4
	g.object = container.New(g, g.shape)
	g.object.Hide()
	return g
}

// colorNameGuide is the guide's colour: the theme's primary, seen on any picture.
const colorNameGuide = theme.ColorNamePrimary

// MinSize implements fyne.Layout: the guide takes no room of its own.
func (g *framingGuide) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// Layout implements fyne.Layout: a card at 80 % of the width (or 80 % of the height if
// the area is narrow), or an oval 45 % wide and 3:4, centred.
func (g *framingGuide) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var w, h float32
	if g.face {
		h = size.Height * 0.8
		w = min(h*0.75, size.Width*0.45)
		h = w / 0.75
		g.shape.CornerRadius = w / 2
	} else {
		w = size.Width * 0.8
		h = w / cardAspect
		if h > size.Height*0.8 {
			h = size.Height * 0.8
			w = h * cardAspect
		}
		g.shape.CornerRadius = w / 24
	}
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
	}
}

// Package layouts holds small Fyne layouts shared by the kiosk's screens.
package layouts

import "fyne.io/fyne/v2"

// AtLeastWide lays its objects over each other, filling the space, and asks for at least
// Width (a card or a form that should not shrink to its text).
type AtLeastWide struct{ Width float32 }

var _ fyne.Layout = AtLeastWide{}

// MinSize implements fyne.Layout.
func (l AtLeastWide) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(max(s.Width, l.Width), s.Height)
}

// Layout implements fyne.Layout.
func (l AtLeastWide) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

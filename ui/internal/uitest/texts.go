// Package uitest holds what the UI packages' tests share: reading what a screen shows.
// Only tests import it.
package uitest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Texts lists the texts of the visible objects under o, in drawing order: a label's,
// button's, check's or entry's whole text (not its truncated drawing), and every other
// text a renderer draws (a tab, a dialog's title, a list's rows).
func Texts(o fyne.CanvasObject) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	switch v := o.(type) {
	case *widget.Label:
		return []string{v.Text}
	case *widget.Button:
		return []string{v.Text}
	case *widget.Check:
		return []string{v.Text}
	case *widget.Entry:
		return []string{v.Text}
	case *canvas.Text:
		return []string{v.Text}
	case *fyne.Container:
		var out []string
		for _, c := range v.Objects {
			out = append(out, Texts(c)...)
		}
		return out
	case fyne.Widget:
		var out []string
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, Texts(c)...)
		}
		return out
	}
	return nil
}

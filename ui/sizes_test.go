package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestHitAreas measures, with the kiosk theme, the check box (24 px, filling its icon) in
// its row (44-48 px) and the buttons' and fields' heights.
func TestHitAreas(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme())
	check := widget.NewCheck("I have seen the original identity document", nil)
	button := widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), nil)
	entry := widget.NewEntry()
	w := test.NewTempWindow(t, formOf(check, button, entry))
	w.Resize(fyne.NewSize(600, 300))

	if h := check.MinSize().Height; h < 44 || h > 48 {
		t.Errorf("a check's row is %.0f px high, want 44-48", h)
	}
	var box fyne.Size
	for _, o := range test.WidgetRenderer(check).Objects() {
		if img, ok := o.(*canvas.Image); ok && img.Resource != nil && strings.Contains(img.Resource.Name(), "check") {
			box = img.Size()
			if !strings.Contains(string(img.Resource.Content()), `viewBox="3 3 18 18"`) {
				t.Errorf("the check box picture %s does not fill its icon", img.Resource.Name())
			}
		}
	}
	if box.Width < 24 || box.Height < 24 {
		t.Errorf("the check box is %v, want 24x24", box)
	}
	for name, o := range map[string]fyne.CanvasObject{"button": button, "entry": entry} {
		if h := o.MinSize().Height; h < 44 || h > 48 {
			t.Errorf("a %s is %.0f px high, want 44-48", name, h)
		}
	}
}

func formOf(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewForm(func() []*widget.FormItem {
		var items []*widget.FormItem
		for _, o := range objs {
			items = append(items, widget.NewFormItem("", o))
		}
		return items
	}()...)
}

// TestFocusRing: the ring goes around the focused control, outside it, in the ring
// colour, and disappears when nothing has the focus.
func TestFocusRing(t *testing.T) {
	s, _, _, w := newTestShell(t)
	s.Focus()
	s.ring.update()
	f, ok := w.Canvas().Focused().(fyne.CanvasObject)
	if !ok || !s.ring.rect.Visible() {
		t.Fatal("no ring around the focused field")
	}
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(f)
	ring := d.AbsolutePositionForObject(s.ring.rect)
	if ring.X != at.X-ringWidth-ringGap || ring.Y != at.Y-ringWidth-ringGap ||
		s.ring.rect.Size().Width != f.Size().Width+2*(ringWidth+ringGap) || s.ring.rect.StrokeWidth < 2 || s.ring.rect.StrokeWidth > 3 {
		t.Fatalf("the ring is at %v %v (stroke %v) around %v %v", ring, s.ring.rect.Size(), s.ring.rect.StrokeWidth, at, f.Size())
	}
	w.Canvas().Unfocus()
	s.ring.update()
	if s.ring.rect.Visible() {
		t.Fatal("the ring stays with nothing focused")
	}
	// A focused control whose screen is hidden (the login after it) has no ring.
	w.Canvas().Focus(f.(fyne.Focusable))
	s.login.Object().Hide()
	s.ring.update()
	if s.ring.rect.Visible() {
		t.Fatal("the ring is drawn around a hidden control")
	}
}

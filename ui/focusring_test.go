package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// TestFocusRingIsClippedToItsScroll: when the focused field of the applicant form is
// scrolled out of view, its ring goes with it (it was drawn over the Back/Next bar,
// outside the scroll's clip); scrolled back, the ring is around the field again, inside
// the scroll.
func TestFocusRingIsClippedToItsScroll(t *testing.T) {
	s, _, _, w := newTestShell(t)
	w.Resize(fyne.NewSize(1100, 560))
	logIn(t, s)
	c := w.Canvas()
	field, ok := c.Focused().(fyne.CanvasObject)
	if !ok || field == nil {
		t.Fatal("no field of the applicant form has the focus")
	}
	var page *container.Scroll
	for _, o := range shownPath(c, field) {
		if sc, ok := o.(*container.Scroll); ok {
			page = sc
		}
	}
	if page == nil {
		t.Fatal("the focused field is not in a scroll")
	}
	if page.Content.MinSize().Height <= page.Size().Height+field.Size().Height {
		t.Fatalf("the form (%.0f px) does not scroll in its %.0f px", page.Content.MinSize().Height, page.Size().Height)
	}
	d := fyne.CurrentApp().Driver()
	inside := func() bool {
		at, pg := s.ring.rect.Position().Add(d.AbsolutePositionForObject(s.ring.layer)), d.AbsolutePositionForObject(page)
		sz := s.ring.rect.Size()
		return at.X >= pg.X && at.Y >= pg.Y && at.X+sz.Width <= pg.X+page.Size().Width && at.Y+sz.Height <= pg.Y+page.Size().Height
	}

	s.ring.update()
	if !s.ring.rect.Visible() || !inside() {
		t.Fatalf("the ring of the first field (visible %v) is not inside the form's scroll", s.ring.rect.Visible())
	}
	page.ScrollToBottom()
	s.ring.update()
	if s.ring.rect.Visible() && !inside() {
		t.Errorf("the ring of a field scrolled out of view is drawn at %v (%v), outside the form's scroll at %v (%v)",
			s.ring.rect.Position(), s.ring.rect.Size(), d.AbsolutePositionForObject(page), page.Size())
	}
	if s.ring.rect.Visible() {
		t.Error("the ring stays on screen for a field scrolled out of view")
	}
	page.ScrollToTop()
	s.ring.update()
	if !s.ring.rect.Visible() || !inside() {
		t.Error("the ring does not come back around the field scrolled into view")
	}
}

package wizard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// formEntry is a one-line form field that behaves as on a good web form: it tells the
// form when it gains focus (to scroll it into view) and loses it (to check it), and the
// mouse wheel over it scrolls the page, not the field's text.
type formEntry struct {
	widget.Entry
	page            *container.Scroll // the form's scroller, for the wheel
	onFocus, onBlur func()
}

var (
	_ fyne.Focusable  = (*formEntry)(nil)
	_ fyne.Scrollable = (*formEntry)(nil)
)

// newFormEntry makes a field whose text is never clipped into an inner scroller (which
// would take the wheel); the field widens with long text instead.
func newFormEntry() *formEntry {
	e := &formEntry{}
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = container.ScrollNone
	e.ExtendBaseWidget(e)
	return e
}

// FocusGained implements fyne.Focusable.
func (e *formEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.onFocus != nil {
		e.onFocus()
	}
}

// FocusLost implements fyne.Focusable.
func (e *formEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

// ProbedEntry returns the entry inside, for the UI probe (ui.ProbedEntry).
func (e *formEntry) ProbedEntry() *widget.Entry { return &e.Entry }

// Scrolled implements fyne.Scrollable: the wheel scrolls the page.
func (e *formEntry) Scrolled(ev *fyne.ScrollEvent) {
	if e.page != nil {
		e.page.Scrolled(ev)
	}
}

// scrollIntoView scrolls page, when o (inside its content) is not fully visible, so that
// it is, with a margin, moving as little as possible. A field already in view does not
// move under the pointer that clicked it.
func scrollIntoView(page *container.Scroll, o fyne.CanvasObject) {
	if page == nil || page.Content == nil {
		return
	}
	page.Content.Refresh() // lay out first: an error line may have just come or gone
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(page.Content).Y
	bottom := top + o.Size().Height
	const margin = 48
	view, off := page.Size().Height, page.Offset.Y
	switch {
	case top < off:
		off = max(top-margin, 0)
	case bottom > off+view:
		off = bottom + margin - view
	default:
		return
	}
	page.ScrollToOffset(fyne.NewPos(page.Offset.X, off))
}

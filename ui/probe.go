package ui

import (
	"strings"
	_ "unsafe" // go:linkname to the widget renderer cache, see widgetRenderer

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
)

// Kinds of ProbeItem.
const (
	ProbeLabel  = "label"
	ProbeButton = "button"
	ProbeEntry  = "entry"
	ProbeCheck  = "check"
	ProbeSelect = "select"
	ProbeLink   = "link"
	// ProbeText is a text drawn inside another widget: a tab, a menu item, a form label.
	ProbeText = "text"
	// ProbePad is the signature pad (no text).
	ProbePad = "pad"
)

// ProbeItem is one thing on screen, with what it shows and where. X, Y, Width and Height
// are in canvas coordinates (Fyne units from the window content's top-left corner);
// multiply by ProbeSnapshot.Scale for pixels. A check's rectangle is its box and text,
// the part that takes a tap; every other item's is the whole object.
type ProbeItem struct {
	Kind string `json:"kind"`
	// Text is what the item shows: a password entry's text is shown as one bullet per
	// character, as on screen; a select shows its selected option.
	Text        string  `json:"text"`
	PlaceHolder string  `json:"placeholder,omitempty"`
	X           float32 `json:"x"`
	Y           float32 `json:"y"`
	Width       float32 `json:"width"`
	Height      float32 `json:"height"`
	Disabled    bool    `json:"disabled,omitempty"`
	Checked     bool    `json:"checked,omitempty"`
	// Password marks a password entry.
	Password bool `json:"password,omitempty"`
	// Focused marks the item that has the keyboard focus.
	Focused bool `json:"focused,omitempty"`
	// Layer is 0 for the window's content and n for its n-th overlay (pop-ups, menus,
	// dialogs): a higher layer is drawn over a lower one.
	Layer int `json:"layer"`
}

// ProbeSnapshot is what one walk of a canvas found, in drawing order.
type ProbeSnapshot struct {
	Scale  float32     `json:"scale"`
	Width  float32     `json:"width"`
	Height float32     `json:"height"`
	Items  []ProbeItem `json:"items"`
}

// Probe walks the visible objects of c, from the window content and then each overlay,
// and lists those that show a text (labels, buttons, entries with their placeholders,
// checks, selects, links, the rail's tabs as buttons, and the texts inside other widgets
// such as menu items and form labels) plus the signature pad. Objects scrolled out of
// view are left out. Call it on the UI goroutine. It is a test hook (see PublishProbe): the app never calls it on its own.
func Probe(c fyne.Canvas) ProbeSnapshot {
	size := c.Size()
	s := ProbeSnapshot{Scale: c.Scale(), Width: size.Width, Height: size.Height}
	w := &probeWalker{focused: c.Focused()}
	screen := probeRect{w: size.Width, h: size.Height}
	if content := c.Content(); content != nil {
		w.walk(content, fyne.Position{}, screen)
	}
	for i, o := range c.Overlays().List() {
		w.layer = i + 1
		w.walk(o, fyne.Position{}, screen)
	}
	s.Items = w.items
	return s
}

// probeWalker collects the items of one walk.
type probeWalker struct {
	focused fyne.Focusable
	layer   int
	items   []ProbeItem
}

// probeRect is a rectangle in canvas coordinates.
type probeRect struct{ x, y, w, h float32 }

func (r probeRect) intersect(o probeRect) probeRect {
	x0, y0 := max(r.x, o.x), max(r.y, o.y)
	x1, y1 := min(r.x+r.w, o.x+o.w), min(r.y+r.h, o.y+o.h)
	return probeRect{x0, y0, max(x1-x0, 0), max(y1-y0, 0)}
}

func (r probeRect) holds(x, y float32) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// walk adds o (at offset, its parent's position) and what it holds to the items. clip is
// the part of the canvas that o's nearest scroller shows.
func (w *probeWalker) walk(o fyne.CanvasObject, offset fyne.Position, clip probeRect) {
	if o == nil || !o.Visible() {
		return
	}
	pos, size := offset.Add(o.Position()), o.Size()
	if item, ok := probeItem(o); ok {
		if _, isCheck := o.(*widget.Check); isCheck {
			// A check takes taps only on its box and text, drawn at its minimum size on the
			// left, centred vertically.
			m := o.MinSize()
			pos.Y += max(size.Height-m.Height, 0) / 2
			size = fyne.NewSize(min(m.Width, size.Width), min(m.Height, size.Height))
		}
		item.X, item.Y, item.Width, item.Height, item.Layer = pos.X, pos.Y, size.Width, size.Height, w.layer
		if f, ok := o.(fyne.Focusable); ok && w.focused != nil && f == w.focused {
			item.Focused = true
		}
		if clip.holds(pos.X+size.Width/2, pos.Y+size.Height/2) {
			w.items = append(w.items, item)
		}
		return
	}
	if _, ok := o.(*container.Scroll); ok {
		clip = clip.intersect(probeRect{pos.X, pos.Y, size.Width, size.Height})
	}
	var children []fyne.CanvasObject
	switch v := o.(type) {
	case *fyne.Container:
		children = v.Objects
	case fyne.Widget:
		children = widgetRenderer(v).Objects()
	}
	for _, c := range children {
		w.walk(c, pos, clip)
	}
}

// probeItem describes the objects the probe reports whole (their insides are not walked).
func probeItem(o fyne.CanvasObject) (ProbeItem, bool) {
	var it ProbeItem
	switch v := o.(type) {
	case *widget.Label:
		it = ProbeItem{Kind: ProbeLabel, Text: v.Text}
	case *widget.Button:
		it = ProbeItem{Kind: ProbeButton, Text: v.Text}
	case *widget.Entry:
		it = probeEntry(v)
	case ProbedEntry:
		it = probeEntry(v.ProbedEntry())
	case *widget.Check:
		it = ProbeItem{Kind: ProbeCheck, Text: v.Text, Checked: v.Checked}
	case *widget.Select:
		it = ProbeItem{Kind: ProbeSelect, Text: v.Selected, PlaceHolder: v.PlaceHolder}
	case *widget.Hyperlink:
		it = ProbeItem{Kind: ProbeLink, Text: v.Text}
	case *railTab: // a tab of the shell's rail takes taps and the focus as a button does
		it = ProbeItem{Kind: ProbeButton, Text: v.text}
	case *canvas.Text:
		if strings.TrimSpace(v.Text) == "" {
			return it, false
		}
		it = ProbeItem{Kind: ProbeText, Text: v.Text}
	case *signaturepad.Pad:
		it = ProbeItem{Kind: ProbePad}
	default:
		return it, false
	}
	if d, ok := o.(fyne.Disableable); ok {
		it.Disabled = d.Disabled()
	}
	return it, true
}

// ProbedEntry is a widget built on an Entry (a form field with focus hooks): the probe
// reports the entry inside.
type ProbedEntry interface {
	ProbedEntry() *widget.Entry
}

func probeEntry(v *widget.Entry) ProbeItem {
	it := ProbeItem{Kind: ProbeEntry, Text: v.Text, PlaceHolder: v.PlaceHolder}
	if v.Password {
		it.Text, it.Password = strings.Repeat("•", len([]rune(v.Text))), true
	}
	return it
}

// widgetRenderer returns the renderer Fyne keeps for wid (making it if there is none yet),
// the one the driver draws: it holds the objects inside standard widgets (tab buttons,
// menu items) that no exported API reaches. Fyne's own test package reaches it the same
// way (test.WidgetRenderer); importing that package would install a test app at init, so
// the probe links to the function directly. A Fyne upgrade that renames it fails the link,
// not silently.
//
//go:linkname widgetRenderer fyne.io/fyne/v2/internal/cache.Renderer
func widgetRenderer(wid fyne.Widget) fyne.WidgetRenderer

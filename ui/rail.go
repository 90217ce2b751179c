package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Sizes of a rail tab: as tall as a button (48 px), the selected tab's bar on its
// leading edge.
const (
	railTabHeight = 48
	railBarWidth  = 4
)

// railItem is one section on the rail.
type railItem struct {
	text    string
	icon    fyne.Resource
	content fyne.CanvasObject
}

// rail is the shell's column of sections (Enrol, Queue, Settings) with the chosen
// section's content beside it. Unlike Fyne's AppTabs its tabs take the keyboard: Tab
// reaches them, the arrow keys (and Home, End) move between them, Enter or Space opens
// the one focused; the shell's focus ring shows which one has the focus.
type rail struct {
	tabs     []*railTab
	contents []fyne.CanvasObject
	selected int
	// allowed tells whether the rail may be used now: not before an operator's login,
	// never by the customer (the signer's and the hand-back screens). nil: always.
	allowed func() bool
	canvas  func() fyne.Canvas
	object  fyne.CanvasObject
}

func newRail(canvasOf func() fyne.Canvas, items ...railItem) *rail {
	r := &rail{canvas: canvasOf}
	column := container.NewVBox()
	stack := container.NewStack()
	for i, it := range items {
		t := &railTab{rail: r, index: i, text: it.text, icon: it.icon}
		t.ExtendBaseWidget(t)
		r.tabs = append(r.tabs, t)
		r.contents = append(r.contents, it.content)
		column.Add(t)
		stack.Add(it.content)
	}
	r.object = container.NewBorder(nil, nil, container.NewHBox(column, widget.NewSeparator()), nil, stack)
	r.SelectIndex(0)
	return r
}

// SelectIndex shows section i.
func (r *rail) SelectIndex(i int) {
	if i < 0 || i >= len(r.tabs) {
		return
	}
	r.selected = i
	for j, c := range r.contents {
		if j == i {
			if !c.Visible() {
				// Drawn again in full: what changed while it was hidden (the queue's rows
				// and summary as the worker confirmed an enrolment) can otherwise stay on
				// screen as it was last drawn, under the GL driver.
				c.Show()
				c.Refresh()
			}
		} else {
			c.Hide()
		}
		r.tabs[j].Refresh()
	}
}

// SelectedIndex is the section shown.
func (r *rail) SelectedIndex() int { return r.selected }

// usable reports whether the person at the kiosk may use the rail now.
func (r *rail) usable() bool { return r.allowed == nil || r.allowed() }

// open shows section i when the rail may be used.
func (r *rail) open(i int) {
	if r.usable() {
		r.SelectIndex(i)
	}
}

// focus gives the keyboard to tab i (wrapping round) when the rail may be used.
func (r *rail) focus(i int) {
	c := r.canvas()
	if c == nil || !r.usable() {
		return
	}
	n := len(r.tabs)
	c.Focus(r.tabs[((i%n)+n)%n])
}

// railTab is one tab of the rail: an icon and a name, the selected one marked by a
// primary bar and icon and bold type (a tinted background fell under 4.5:1 for its name
// on the dark variant).
type railTab struct {
	widget.BaseWidget
	rail             *rail
	index            int
	text             string
	icon             fyne.Resource
	focused, hovered bool
}

var (
	_ fyne.Focusable    = (*railTab)(nil)
	_ fyne.Tappable     = (*railTab)(nil)
	_ desktop.Hoverable = (*railTab)(nil)
)

// Tapped opens the tab's section.
func (t *railTab) Tapped(*fyne.PointEvent) { t.rail.open(t.index) }

// FocusGained implements fyne.Focusable.
func (t *railTab) FocusGained() { t.focused = true; t.Refresh() }

// FocusLost implements fyne.Focusable.
func (t *railTab) FocusLost() { t.focused = false; t.Refresh() }

// TypedRune implements fyne.Focusable; Space comes as a key.
func (t *railTab) TypedRune(rune) {}

// TypedKey moves between the tabs with the arrows, Home and End, and opens the focused
// one with Enter or Space.
func (t *railTab) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyUp, fyne.KeyLeft:
		t.rail.focus(t.index - 1)
	case fyne.KeyDown, fyne.KeyRight:
		t.rail.focus(t.index + 1)
	case fyne.KeyHome:
		t.rail.focus(0)
	case fyne.KeyEnd:
		t.rail.focus(len(t.rail.tabs) - 1)
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		t.rail.open(t.index)
	}
}

// MouseIn implements desktop.Hoverable.
func (t *railTab) MouseIn(*desktop.MouseEvent) { t.hovered = true; t.Refresh() }

// MouseMoved implements desktop.Hoverable.
func (t *railTab) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (t *railTab) MouseOut() { t.hovered = false; t.Refresh() }

// CreateRenderer implements fyne.Widget.
func (t *railTab) CreateRenderer() fyne.WidgetRenderer {
	r := &railTabRenderer{t: t, bg: canvas.NewRectangle(nil), bar: canvas.NewRectangle(nil),
		icon: canvas.NewImageFromResource(nil), label: canvas.NewText(t.text, nil)}
	r.icon.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type railTabRenderer struct {
	t       *railTab
	bg, bar *canvas.Rectangle
	icon    *canvas.Image
	label   *canvas.Text
}

func (r *railTabRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.bar, r.icon, r.label}
}

func (r *railTabRenderer) Destroy() {}

func (r *railTabRenderer) padding() float32 { return r.t.Theme().Size(theme.SizeNameInnerPadding) }

func (r *railTabRenderer) iconSize() float32 { return r.t.Theme().Size(theme.SizeNameInlineIcon) }

func (r *railTabRenderer) MinSize() fyne.Size {
	text := r.label.MinSize()
	p := r.padding()
	return fyne.NewSize(railBarWidth+p+r.iconSize()+p+text.Width+p, max(railTabHeight, text.Height+2*p))
}

func (r *railTabRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.bar.Move(fyne.NewPos(0, 0))
	r.bar.Resize(fyne.NewSize(railBarWidth, size.Height))
	p, is := r.padding(), r.iconSize()
	r.icon.Move(fyne.NewPos(railBarWidth+p, (size.Height-is)/2))
	r.icon.Resize(fyne.NewSquareSize(is))
	text := r.label.MinSize()
	r.label.Move(fyne.NewPos(railBarWidth+p+is+p, (size.Height-text.Height)/2))
	r.label.Resize(text)
}

func (r *railTabRenderer) Refresh() {
	th, v := r.t.Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	selected := r.t.rail.selected == r.t.index
	r.bg.FillColor = th.Color(theme.ColorNameBackground, v)
	if r.t.hovered || r.t.focused {
		r.bg.FillColor = th.Color(theme.ColorNameHover, v)
	}
	r.bar.FillColor = th.Color(theme.ColorNamePrimary, v)
	r.bar.Hidden = !selected
	r.icon.Resource = theme.NewThemedResource(r.t.icon)
	if selected {
		r.icon.Resource = theme.NewPrimaryThemedResource(r.t.icon)
	}
	r.label.Text = r.t.text
	r.label.Color = th.Color(theme.ColorNameForeground, v)
	r.label.TextSize = th.Size(theme.SizeNameText)
	r.label.TextStyle = fyne.TextStyle{Bold: selected}
	r.bg.Refresh()
	r.bar.Refresh()
	r.icon.Refresh()
	r.label.Refresh()
	r.Layout(r.t.Size())
}

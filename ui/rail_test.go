package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// press sends key to what has the focus on c.
func press(c fyne.Canvas, key fyne.KeyName) {
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: key})
	}
}

// focusedTab is the rail tab that has the focus, else nil.
func focusedTab(c fyne.Canvas) *railTab {
	t, _ := c.Focused().(*railTab)
	return t
}

// TestRailByKeyboard: Tab reaches the rail from the wizard; the arrows, Home and End move
// between its tabs (wrapping round) without opening them; Enter and Space open the one
// focused; the focus ring goes around it; a tab is as tall as a button. The rail takes no
// key or tap before the login, under the signer's screen, or after a lock.
func TestRailByKeyboard(t *testing.T) {
	s, _, _, w := newTestShell(t)
	c := w.Canvas()
	test.Tap(s.tabs.tabs[tabQueue])
	if s.tabs.SelectedIndex() != tabEnrol {
		t.Fatal("a tap on the rail opened a section before the login")
	}
	logIn(t, s)
	for _, tab := range s.tabs.tabs {
		if h := tab.MinSize().Height; h < 48 {
			t.Errorf("the %s tab is %.0f px high, want 48", tab.text, h)
		}
	}

	// Tab from the wizard's controls reaches the rail.
	for i := 0; i < 300 && focusedTab(c) == nil; i++ {
		c.FocusNext()
	}
	first := focusedTab(c)
	if first == nil {
		t.Fatal("Tab never reaches the rail")
	}
	s.ring.update()
	d := fyne.CurrentApp().Driver()
	at, ring := d.AbsolutePositionForObject(first), d.AbsolutePositionForObject(s.ring.rect)
	if !s.ring.rect.Visible() || ring.X != at.X-ringWidth-ringGap || ring.Y != at.Y-ringWidth-ringGap ||
		s.ring.rect.Size().Height != first.Size().Height+2*(ringWidth+ringGap) {
		t.Fatalf("the focus ring is at %v %v (visible %v) around the tab at %v %v", ring, s.ring.rect.Size(), s.ring.rect.Visible(), at, first.Size())
	}

	// The probe (the e2e tests' eyes) reports the tabs as buttons, the focused one marked.
	found := false
	for _, it := range Probe(c).Items {
		if it.Text == first.text && it.Kind == ProbeButton && it.Focused && it.Height >= 48 {
			found = true
		}
	}
	if !found {
		t.Errorf("the probe does not report the focused %s tab as a focused button", first.text)
	}

	c.Focus(s.tabs.tabs[tabEnrol])
	press(c, fyne.KeyDown)
	if focusedTab(c) != s.tabs.tabs[tabQueue] || s.tabs.SelectedIndex() != tabEnrol {
		t.Fatalf("Down: focus on %v, section %d; want the Queue tab focused and Enrol still shown", focusedTab(c), s.tabs.SelectedIndex())
	}
	press(c, fyne.KeyReturn)
	if s.tabs.SelectedIndex() != tabQueue || !s.queue.object.Visible() || s.tabs.contents[tabEnrol].Visible() {
		t.Fatalf("Enter on Queue shows section %d", s.tabs.SelectedIndex())
	}
	press(c, fyne.KeyRight)
	press(c, fyne.KeySpace)
	if s.tabs.SelectedIndex() != tabSettings {
		t.Fatalf("Right, Space shows section %d, want Settings", s.tabs.SelectedIndex())
	}
	for _, m := range []struct {
		key  fyne.KeyName
		want int
		what string
	}{
		{fyne.KeyDown, tabEnrol, "Down on the last tab wraps to the first"},
		{fyne.KeyUp, tabSettings, "Up on the first tab wraps to the last"},
		{fyne.KeyHome, tabEnrol, "Home goes to the first tab"},
		{fyne.KeyEnd, tabSettings, "End goes to the last tab"},
	} {
		press(c, m.key)
		if focusedTab(c) != s.tabs.tabs[m.want] {
			t.Fatalf("%s: the focus is on %v", m.what, c.Focused())
		}
	}
	press(c, fyne.KeyEnter)
	test.Tap(s.tabs.tabs[tabEnrol])
	if s.tabs.SelectedIndex() != tabEnrol {
		t.Fatal("a tap on Enrol does not open it")
	}

	// The customer's screens: the focus leaves the rail, and no key or tap reaches it.
	c.Focus(s.tabs.tabs[tabQueue])
	restore := s.present(widget.NewLabel("pad"))
	if focusedTab(c) != nil {
		t.Fatal("a rail tab keeps the focus under the signer's screen")
	}
	s.tabs.tabs[tabQueue].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Tap(s.tabs.tabs[tabSettings])
	s.tabs.focus(tabSettings)
	if s.tabs.SelectedIndex() != tabEnrol || focusedTab(c) != nil {
		t.Fatalf("the rail answered under the signer's screen: section %d, focus %v", s.tabs.SelectedIndex(), c.Focused())
	}
	restore()
	s.tabs.tabs[tabQueue].Tapped(nil)
	if s.tabs.SelectedIndex() != tabQueue {
		t.Fatal("the rail does not come back after the signer's screen")
	}

	// After a lock the login is up: the rail is closed again.
	s.Lock()
	s.tabs.tabs[tabSettings].TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if s.tabs.SelectedIndex() != tabEnrol {
		t.Fatalf("the rail opened section %d behind the login", s.tabs.SelectedIndex())
	}
}

package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestLoginHasTheInitialFocus: the login's user field has the cursor when the shell comes
// on screen and again after a lock; after the login the wizard's first field has it.
func TestLoginHasTheInitialFocus(t *testing.T) {
	s, _, _, w := newTestShell(t)
	s.Focus()
	f := w.Canvas().Focused()
	if o, ok := f.(fyne.CanvasObject); !ok || !o.Visible() {
		t.Fatalf("nothing visible has the focus on the login: %v", w.Canvas().Focused())
	}
	logIn(t, s)
	waitUntil(t, func() bool {
		var got fyne.Focusable
		fyne.DoAndWait(func() { got = w.Canvas().Focused() })
		return got != nil && got != f
	}, "the wizard's first field taking the focus")
	s.Lock()
	if w.Canvas().Focused() != f {
		t.Fatalf("after the lock %v has the focus, not the login's user field", w.Canvas().Focused())
	}
}

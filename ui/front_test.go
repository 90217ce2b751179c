package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// fakeLifecycle keeps the callback a Shell registers.
type fakeLifecycle struct {
	fyne.Lifecycle
	exited func()
}

func (l *fakeLifecycle) SetOnExitedForeground(f func()) { l.exited = f }

// raisedWindow counts the requests to come to the front.
type raisedWindow struct {
	fyne.Window
	shown, focused int
}

func (w *raisedWindow) Show()         { w.shown++ }
func (w *raisedWindow) RequestFocus() { w.focused++ }

func TestKeepInFrontRaisesTheWindow(t *testing.T) {
	s, _, _, win := newTestShell(t)
	l, w := &fakeLifecycle{}, &raisedWindow{Window: win}
	s.KeepInFront(l, w)
	if l.exited == nil {
		t.Fatal("nothing listens for the window losing the foreground")
	}
	l.exited()
	l.exited()
	if w.shown != 2 || w.focused != 2 {
		t.Fatalf("the window was shown %d and focused %d times after losing the foreground twice", w.shown, w.focused)
	}
	if s.CustomerHasScreen() {
		t.Error("the customer has the screen before any signature")
	}
}

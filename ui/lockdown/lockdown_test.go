package lockdown

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Hold makes the window full screen and Release puts it back as it was; holding twice
// or releasing what is not held changes nothing. (The test window has no X11 to grab.)
func TestHoldAndRelease(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("pad"))
	l := New(w, nil)
	l.Release()
	if w.FullScreen() || l.Held() {
		t.Fatal("releasing what is not held changed the window")
	}
	l.Hold()
	l.Hold()
	if !w.FullScreen() || !l.Held() {
		t.Fatal("the held window is not full screen")
	}
	l.Release()
	if w.FullScreen() || l.Held() {
		t.Fatal("the window stayed full screen after the signer's screen closed")
	}

	w.SetFullScreen(true) // kiosk mode: full screen before and after
	l.Hold()
	l.Release()
	if !w.FullScreen() {
		t.Fatal("Release left kiosk mode's full screen")
	}
}

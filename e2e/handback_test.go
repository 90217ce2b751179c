//go:build e2e

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wmShortcuts are the window manager's and the desktop's keys a customer may press: close,
// window menu, window and desktop switching, show desktop, and the app's own way out.
var wmShortcuts = []string{"alt+F4", "alt+space", "alt+Tab", "ctrl+alt+Left", "ctrl+alt+Right",
	"super+d", "ctrl+w", "Escape"}

// TestHandBackInKiosk runs the kiosk session (openbox with the shipped kiosk configuration,
// the app full screen), opens the pad and presses every window-manager shortcut on it, then
// signs, accepts and does the same on the hand-back screen: each time the app is still the
// active window and shows the same screen; minimized, it raises itself again. Only the operator's password gives the
// checklist back.
func TestHandBackInKiosk(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	d := startX(t, "--config-file", filepath.Join(root, "assets", "kiosk", "openbox-rc.xml"))
	w := startKiosk(t, d)
	w.toSignature()
	w.clickText("Open the signature pad")
	w.waitText("Please sign in the box")
	w.pressShortcuts("Please sign in the box")
	w.sign()
	w.clickText("Accept")
	w.waitText("Thank you, please hand the screen back")
	w.shot("13-handback")
	w.pressShortcuts("Thank you, please hand the screen back")
	w.typeInto("Operator password", "wrong-password")
	w.clickText("Unlock")
	w.waitText("Wrong password: only the operator can continue.")
	w.stillShows("Thank you, please hand the screen back")
	w.typeInto("Operator password", "SecurePassword123!")
	w.clickText("Unlock")
	w.waitText("Step 7 of 8")
	w.waitText("Operator checklist")
	if err := w.app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

// pressShortcuts sends every window-manager shortcut and checks after each that the app is
// in front and still shows title.
func (w *driver) pressShortcuts(title string) {
	w.t.Helper()
	for _, k := range wmShortcuts {
		w.d.xdotool(w.t, "key", "--clearmodifiers", k)
		if got := w.d.xdotool(w.t, "getactivewindow"); got != w.win {
			w.t.Fatalf("after %s the active window is %s, not the kiosk's %s", k, got, w.win)
		}
		w.stillShows(title)
	}
	// Hidden anyway (minimized, as a window manager's menu or a script could): the app
	// raises itself again.
	w.d.xdotool(w.t, "windowminimize", w.win)
	waitFor(w.t, 10*time.Second, func() bool {
		out, err := w.d.run(w.t, 5*time.Second, "xprop", "-id", w.win, "WM_STATE")
		return err == nil && strings.Contains(out, "Normal") && w.d.xdotool(w.t, "getactivewindow") == w.win
	})
	w.stillShows(title)
}

// stillShows checks that title is on screen and that nothing of the operator's sections is.
func (w *driver) stillShows(title string) {
	w.t.Helper()
	w.waitText(title)
	for _, it := range w.snapshot().Items {
		switch shows(it) {
		case "Queue", "Settings", "Operator checklist", "Lock", "Ana Maria":
			w.t.Fatalf("%q is on screen while the customer has it: %s", shows(it), w.texts())
		}
	}
}

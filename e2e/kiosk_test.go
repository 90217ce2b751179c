//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shortcutSettle is how long the test gives the window manager and the app to act on a
// shortcut the signer sends. Nothing must happen, and no event says so: this is the
// window in which a change would show, not a wait between clicks.
const shortcutSettle = 700 * time.Millisecond

// settled waits (up to 10 s) until the screenshots stay exactly the same for settleSpan,
// and returns the last: the ink and the grab have reached the screen (two equal pictures
// in a row are not enough on a loaded machine, where the last strokes may be painted a
// moment later).
func (w *driver) settled(name string) image.Image {
	w.t.Helper()
	path := filepath.Join(w.art, name+".png")
	last := w.d.screenshot(w.t, path)
	since := time.Now()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		img := w.d.screenshot(w.t, path)
		if differing(img, last) != 0 {
			since = time.Now()
		} else if time.Since(since) >= settleSpan {
			return img
		}
		last = img
	}
	w.t.Fatalf("the screen does not settle (%s)", name)
	return nil
}

// TestSignerCannotLeave puts the customer's signature pad up in kiosk mode and tries
// every way out a signer has: Alt+F4, Ctrl+W, Escape, Alt+Tab, Super, a click in the
// corner and the window manager's close (wmctrl -c). The signer's screen stays, the app
// keeps running full screen, and the operator's password still takes the screen back.
func TestSignerCannotLeave(t *testing.T) {
	d := startX(t)
	w := startKiosk(t, d)
	app, art := w.app, w.art
	full := d.windowRect(t, w.win)
	w.toSignature()
	w.clickText("Open the signature pad")
	w.waitLog("signer's screen up")
	w.sign()
	before := w.settled("02-signer")
	key := func(k string) func() { return func() { d.xdotool(t, "key", k) } }
	for _, try := range []struct {
		name string
		do   func()
	}{
		{"alt+F4", key("alt+F4")},
		{"ctrl+w", key("ctrl+w")},
		{"Escape", key("Escape")},
		{"alt+Tab", key("alt+Tab")},
		{"super", key("super")},
		{"super+d", key("super+d")}, // openbox: show the desktop
		{"click in the corner", func() {
			d.xdotool(t, "mousemove", fmt.Sprint(full.Max.X-1), fmt.Sprint(full.Max.Y-1), "click", "1")
		}},
		{"wmctrl -c", func() {
			if out, err := d.run(t, 10*time.Second, "wmctrl", "-c", windowTitle); err != nil {
				t.Fatalf("wmctrl -c: %v %s", err, out)
			}
		}},
	} {
		try.do()
		time.Sleep(shortcutSettle)
		select {
		case <-app.done:
			t.Fatalf("%s closed the app:\n%s", try.name, app.output())
		default:
		}
		if strings.Contains(app.output(), "signer's screen closed") {
			t.Fatalf("%s left the signer's screen", try.name)
		}
		if r := d.windowRect(t, w.win); r != full {
			t.Fatalf("after %s the window is %v, not full screen %v", try.name, r, full)
		}
		if after := w.settled("03-after-" + strings.NewReplacer("+", "-", " ", "-").Replace(try.name)); differing(before, after) != 0 {
			t.Fatalf("the screen changed after %s (see %s)", try.name, art)
		}
	}
	// openbox closes a window on Alt+F4: with the keyboard grabbed it never sees the key,
	// so the one close request that reaches the app is wmctrl's.
	if n := strings.Count(app.output(), "window close refused"); n != 1 {
		t.Errorf("%d close requests reached the app, want 1 (wmctrl's): is the keyboard grabbed?", n)
	}

	// The operator's way out still works: Operator, the password, Unlock.
	w.clickText("Operator")
	w.typeInto("Operator password", "SecurePassword123!")
	w.shot("04-operator")
	w.clickText("Unlock")
	w.waitLog("signer's screen closed")
	w.shot("05-back-to-operator")
	if err := app.stop(t, 10*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

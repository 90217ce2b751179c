//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shortcutSettle is how long the test gives the window manager and the app to act on a
// shortcut the signer sends. Nothing must happen, and no event says so: this is the
// window in which a change would show, not a wait between clicks.
const shortcutSettle = 700 * time.Millisecond

// toSignerScreen logs in and walks the wizard up to the customer's signature pad, by
// what the screen shows.
func toSignerScreen(w *driver) {
	w.t.Helper()
	w.waitText("Operator login")
	w.typeInto("User name or e-mail", "user@example.com")
	w.typeInto("Password", "SecurePassword123!")
	w.clickText("Log in")
	w.waitLog("operator logged in")
	w.waitText("Step 1 of 8")
	w.choose("(Select one)", "National identity card")
	for _, f := range []struct{ name, value string }{
		{"Given names", "Ana Maria"}, {"First surname", "Perez"}, {"Second surname", "Loor"},
		{"Document country", "EC"}, {"Document number", "1710034065"}, {"Birth date", "1990-05-17"},
		{"Nationality", "EC"}, {"E-mail", "ana@example.com"}, {"Mobile number", "+593991234567"},
	} {
		w.typeInto(f.name, f.value)
	}
	w.next(2)
	for i, side := range []string{"document_front", "document_rear"} {
		w.clickText("Take photo")
		w.waitLog(`crop proposed" side=` + side)
		w.clickText("Use this crop")
		w.waitLog(`picture ready" side=` + side)
		w.waitText("Quality checks passed.")
		w.next(3 + i)
	}
	w.clickText("Take selfie")
	w.waitLog("selfie ready")
	w.clickText("Record video")
	w.waitLog("selfie video recorded")
	w.waitPrefix("Video recorded:")
	w.next(5)
	w.check("The customer has read the terms and accepts them")
	w.next(6)
	w.clickText("Open the signature pad")
	w.waitLog("signer's screen up")
}

// settled waits (up to 10 s) until two screenshots in a row are the same, and returns the
// last: the ink and the grab have reached the screen.
func (w *driver) settled(name string) image.Image {
	w.t.Helper()
	path := filepath.Join(w.art, name+".png")
	last := w.d.screenshot(w.t, path)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		img := w.d.screenshot(w.t, path)
		if differing(img, last) == 0 {
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
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(root, "capture", "document", "testdata", "card.jpg")
	cfg := filepath.Join(t.TempDir(), "enrolkiosk.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[camera]\nsource = %q\n", "file:"+card)), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startX(t)
	env, probe := probeEnv(t.TempDir())
	app := d.startEnv(t, []string{env}, "enrolkiosk", "--demo", "--fullscreen", "--config", cfg, "--data-dir", t.TempDir())
	win := d.waitWindow(t, windowTitle)
	art := artifactDir(t)
	full := d.windowRect(t, win)
	w := &driver{screen: &screen{t: t, d: d, path: probe, origin: full.Min}, app: app, art: art}
	toSignerScreen(w)
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
		if r := d.windowRect(t, win); r != full {
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

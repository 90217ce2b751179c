//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The kiosk test has its own small driver (points are offsets from the window's top-left
// corner of the full-screen 1280x800 window), so that it depends on the harness's display
// only.
var (
	kioskLoginUser   = image.Pt(640, 338)
	kioskDocType     = image.Pt(380, 147)
	kioskDocTypeIDC  = image.Pt(380, 192)
	kioskGivenName   = image.Pt(975, 146)
	kioskNext        = image.Pt(1227, 709)
	kioskTakePhoto   = image.Pt(160, 655)
	kioskTakeSelfie  = image.Pt(160, 601)
	kioskRecordVideo = image.Pt(168, 655)
	kioskAcceptTerms = image.Pt(110, 656)
	kioskOpenPad     = image.Pt(210, 655)
	kioskOperator    = image.Pt(60, 770)  // the signer's screen's Operator button
	kioskPassword    = image.Pt(670, 396) // its password dialog's entry
	kioskUnlock      = image.Pt(697, 449) // and its Unlock button
)

// kioskDriver is the person at the kiosk, and the one trying to get out of it.
type kioskDriver struct {
	t      *testing.T
	d      *display
	app    *proc
	origin image.Point
	art    string
}

func (k *kioskDriver) click(p image.Point) {
	k.t.Helper()
	a := k.origin.Add(p)
	k.d.xdotool(k.t, "mousemove", fmt.Sprint(a.X), fmt.Sprint(a.Y), "click", "1")
	time.Sleep(400 * time.Millisecond)
}

func (k *kioskDriver) typeText(s string) {
	k.t.Helper()
	k.d.xdotool(k.t, "type", "--delay", "15", s)
}

func (k *kioskDriver) key(keys ...string) {
	k.t.Helper()
	k.d.xdotool(k.t, append([]string{"key"}, keys...)...)
}

// count returns how many times s is in the app's log.
func (k *kioskDriver) count(s string) int { return strings.Count(k.app.output(), s) }

// waitCount waits up to 60 s until s is in the app's log n times.
func (k *kioskDriver) waitCount(s string, n int) {
	k.t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if k.count(s) >= n {
			return
		}
	}
	k.t.Fatalf("no %q (%d times) in the log:\n%s", s, n, k.app.output())
}

// shot saves a screenshot under name and returns it.
func (k *kioskDriver) shot(name string) image.Image {
	k.t.Helper()
	return k.d.screenshot(k.t, filepath.Join(k.art, name+".png"))
}

// settled waits (up to 10 s) until two screenshots a moment apart are the same, and
// returns the last: the ink and the grab have reached the screen.
func (k *kioskDriver) settled(name string) image.Image {
	k.t.Helper()
	last := k.shot(name)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(500 * time.Millisecond)
		img := k.shot(name)
		if sameImage(img, last) {
			return img
		}
		last = img
	}
	k.t.Fatalf("the screen does not settle (%s)", name)
	return nil
}

// sign draws a wave on the pad with the pointer.
func (k *kioskDriver) sign() {
	k.t.Helper()
	at := func(i int) image.Point {
		return k.origin.Add(image.Pt(300+i*12, 400+int(80*math.Sin(float64(i)/4))))
	}
	p := at(0)
	k.d.xdotool(k.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y), "mousedown", "1")
	for i := 1; i < 60; i++ {
		p = at(i)
		k.d.xdotool(k.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y))
		time.Sleep(20 * time.Millisecond)
	}
	k.d.xdotool(k.t, "mouseup", "1")
}

// toSignerScreen logs in and walks the wizard up to the customer's signature pad.
func (k *kioskDriver) toSignerScreen() {
	k.t.Helper()
	k.click(kioskLoginUser)
	k.typeText("user@example.com")
	k.key("Tab")
	k.typeText("SecurePassword123!")
	k.key("Return")
	k.waitCount("operator logged in", 1)
	time.Sleep(time.Second)
	k.click(kioskDocType)
	k.click(kioskDocTypeIDC)
	k.click(kioskGivenName)
	for _, v := range []string{"Ana Maria", "Perez", "Loor", "EC", "1710034065", "", "1990-05-17", "EC", "ana@example.com", "+593991234567"} {
		if v != "" {
			k.typeText(v)
		}
		k.key("Tab")
	}
	k.click(kioskNext)
	k.click(kioskTakePhoto)
	k.waitCount("side=document_front", 1)
	k.click(kioskNext)
	k.click(kioskTakePhoto)
	k.waitCount("side=document_rear", 1)
	k.click(kioskNext)
	k.click(kioskTakeSelfie)
	k.waitCount("selfie ready", 1)
	k.click(kioskRecordVideo)
	k.waitCount("selfie video recorded", 1)
	time.Sleep(time.Second)
	k.click(kioskNext)
	k.click(kioskAcceptTerms)
	k.click(kioskNext)
	k.click(kioskOpenPad)
	k.waitCount("signer's screen up", 1)
	time.Sleep(time.Second) // the grab and the full screen settle
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
	app := d.start(t, "enrolkiosk", "--demo", "--fullscreen", "--config", cfg, "--data-dir", t.TempDir())
	const title = "Enrol Kiosk"
	win := d.waitWindow(t, title)
	art := artifactDir(t)
	d.waitDrawn(t, win, filepath.Join(art, "01-login.png"))
	full := d.windowRect(t, win)
	k := &kioskDriver{t: t, d: d, app: app, origin: full.Min, art: art}
	k.toSignerScreen()
	k.sign()
	before := k.settled("02-signer")

	for _, try := range []struct {
		name string
		do   func()
	}{
		{"alt+F4", func() { k.key("alt+F4") }},
		{"ctrl+w", func() { k.key("ctrl+w") }},
		{"Escape", func() { k.key("Escape") }},
		{"alt+Tab", func() { k.key("alt+Tab") }},
		{"super", func() { k.key("super") }},
		{"super+d", func() { k.key("super+d") }}, // openbox: show the desktop
		{"click in the corner", func() {
			k.d.xdotool(t, "mousemove", fmt.Sprint(full.Max.X-1), fmt.Sprint(full.Max.Y-1), "click", "1")
		}},
		{"wmctrl -c", func() {
			if out, err := d.run(t, 10*time.Second, "wmctrl", "-c", title); err != nil {
				t.Fatalf("wmctrl -c: %v %s", err, out)
			}
		}},
	} {
		try.do()
		time.Sleep(700 * time.Millisecond)
		select {
		case <-app.done:
			t.Fatalf("%s closed the app:\n%s", try.name, app.output())
		default:
		}
		if n := k.count("signer's screen closed"); n != 0 {
			t.Fatalf("%s left the signer's screen", try.name)
		}
		if r := d.windowRect(t, win); r != full {
			t.Fatalf("after %s the window is %v, not full screen %v", try.name, r, full)
		}
		if after := k.shot("03-after-" + strings.NewReplacer("+", "-", " ", "-").Replace(try.name)); !sameImage(before, after) {
			t.Fatalf("the screen changed after %s (see %s)", try.name, art)
		}
	}
	// openbox closes a window on Alt+F4: with the keyboard grabbed it never sees the key,
	// so the one close request that reaches the app is wmctrl's.
	if n := k.count("window close refused"); n != 1 {
		t.Errorf("%d close requests reached the app, want 1 (wmctrl's): is the keyboard grabbed?", n)
	}

	// The operator's way out still works: Operator, the password, Unlock.
	k.click(kioskOperator)
	k.click(kioskPassword)
	k.typeText("SecurePassword123!")
	k.shot("04-operator")
	k.click(kioskUnlock)
	k.waitCount("signer's screen closed", 1)
	k.shot("05-back-to-operator")
	if err := app.stop(t, 10*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

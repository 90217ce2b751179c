//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"image"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The wizard test drives the real app full screen (1280x800) by pointer and keyboard, as
// an operator and a customer do. Points are offsets from the window's top-left corner.
var (
	ptLoginUser   = image.Pt(640, 338) // below the demo credentials hint
	ptDocType     = image.Pt(380, 147)
	ptDocTypeIDC  = image.Pt(380, 192)
	ptGivenName   = image.Pt(975, 146)
	ptNext        = image.Pt(1227, 709)
	ptTakePhoto   = image.Pt(160, 655)
	ptUseCrop     = image.Pt(160, 655) // the crop editor's first button, where Take photo was
	ptTakeSelfie  = image.Pt(160, 601)
	ptRecordVideo = image.Pt(168, 655)
	ptAcceptTerms = image.Pt(110, 656)
	ptOpenPad     = image.Pt(210, 655)
	ptPadAccept   = image.Pt(1219, 770)
	ptChecks      = []image.Point{image.Pt(110, 147), image.Pt(110, 199), image.Pt(110, 251)}
	ptQueueTab    = image.Pt(44, 165)
)

var demoURL = regexp.MustCompile(`msg="demo backend listening" url=(\S+)`)

// TestWizard logs in, fills the applicant form, captures both sides of the ID and the
// selfie from the file camera, records the clip, accepts the terms, draws a signature
// with pointer moves, ticks the checklist, seals, and waits for the sandbox to confirm.
func TestWizard(t *testing.T) {
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
	win := d.waitWindow(t, windowTitle)
	art := artifactDir(t)
	d.waitDrawn(t, win, filepath.Join(art, "01-login.png"))
	w := &driver{t: t, d: d, app: app, origin: d.windowRect(t, win).Min, art: art}

	w.click(ptLoginUser)
	w.typeText("user@example.com")
	w.key("Tab")
	w.typeText("SecurePassword123!")
	w.key("Return")
	w.waitLog("operator logged in")
	w.shot("02-applicant")

	w.click(ptDocType)
	w.click(ptDocTypeIDC)
	w.click(ptGivenName)
	for _, v := range []string{"Ana Maria", "Perez", "Loor", "EC", "1710034065", "", "1990-05-17", "EC", "ana@example.com", "+593991234567"} {
		if v != "" {
			w.typeText(v)
		}
		w.key("Tab")
	}
	w.shot("03-applicant-filled")
	w.click(ptNext)

	w.click(ptTakePhoto)
	w.waitLog(`crop proposed" side=document_front`)
	w.click(ptUseCrop)
	w.waitLog(`picture ready" side=document_front`)
	w.shot("04-id-front")
	w.click(ptNext)
	w.click(ptTakePhoto)
	w.waitLog(`crop proposed" side=document_rear`)
	w.click(ptUseCrop)
	w.waitLog(`picture ready" side=document_rear`)
	w.shot("05-id-rear")
	w.click(ptNext)

	w.click(ptTakeSelfie)
	w.waitLog("selfie ready")
	w.click(ptRecordVideo)
	w.waitLog("selfie video recorded")
	time.Sleep(time.Second) // the clip reaches the screen just after the recorder logs it
	w.shot("06-selfie")
	w.click(ptNext)

	w.click(ptAcceptTerms)
	w.shot("07-terms")
	w.click(ptNext)

	w.click(ptOpenPad)
	w.sign()
	w.shot("08-signature")
	w.click(ptPadAccept)

	for _, p := range ptChecks {
		w.click(p)
	}
	w.shot("09-checklist")
	w.click(ptNext)
	w.shot("10-review")
	w.click(ptNext)
	w.waitLog("enrolment sealed")
	w.shot("11-sealed")

	base := demoURL.FindStringSubmatch(app.output())
	if base == nil {
		t.Fatalf("no demo backend URL in the log:\n%s", app.output())
	}
	waitFor(t, 90*time.Second, func() bool { return confirmed(t, base[1]) })
	w.click(ptQueueTab)
	time.Sleep(time.Second)
	w.shot("12-queue")
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		for _, n := range []string{"03-applicant-filled", "08-signature", "10-review", "12-queue"} {
			copyFile(t, filepath.Join(art, n+".png"), filepath.Join(dir, "wizard-"+n+".png"))
		}
	}
	if err := app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

// confirmed reports whether the sandbox holds a One-Shot request in ENROLLREADY and the
// biometric signature that follows it.
func confirmed(t *testing.T, base string) bool {
	resp, err := http.Get(base + "/_sandbox/received")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var got struct {
		Enrolments []struct {
			API    string `json:"api"`
			Status string `json:"status"`
		} `json:"enrolments"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Logf("received: %v", err)
		return false
	}
	var oneshot, bio bool
	if len(got.Enrolments) == 0 {
		return false
	}
	for _, r := range got.Enrolments {
		oneshot = oneshot || (r.API == "oneshot" && r.Status == "ENROLLREADY")
		bio = bio || r.API == "biometric"
	}
	return oneshot && bio
}

// driver is the person at the kiosk.
type driver struct {
	t      *testing.T
	d      *display
	app    *proc
	origin image.Point
	art    string
	last   image.Image // the previous step's screenshot
}

func (w *driver) click(p image.Point) {
	w.t.Helper()
	a := w.origin.Add(p)
	w.d.xdotool(w.t, "mousemove", fmt.Sprint(a.X), fmt.Sprint(a.Y), "click", "1")
	time.Sleep(400 * time.Millisecond)
}

func (w *driver) typeText(s string) {
	w.t.Helper()
	w.d.xdotool(w.t, "type", "--delay", "15", s)
}

func (w *driver) key(k string) {
	w.t.Helper()
	w.d.xdotool(w.t, "key", k)
}

// shot saves a screenshot of the step on screen. Each step looks different from the one
// before, so it waits (up to 10 s) for the screen to change since the last shot: on a
// loaded machine the UI may not have drawn the new step yet.
func (w *driver) shot(name string) {
	w.t.Helper()
	path := filepath.Join(w.art, name+".png")
	img := w.d.screenshot(w.t, path)
	for deadline := time.Now().Add(10 * time.Second); w.last != nil && sameImage(img, w.last) && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		img = w.d.screenshot(w.t, path)
	}
	time.Sleep(300 * time.Millisecond) // let the step finish drawing
	w.last = w.d.screenshot(w.t, path)
}

// sameImage reports whether a and b have the same pixels, sampled on a grid.
func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		for x := r.Min.X; x < r.Max.X; x += 4 {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// waitLog waits for a line of the app's log containing s.
func (w *driver) waitLog(s string) {
	w.t.Helper()
	waitFor(w.t, 60*time.Second, func() bool { return strings.Contains(w.app.output(), s) })
}

// sign draws a signature with the pointer: pen down, a wave over 1.2 s, pen up.
func (w *driver) sign() {
	w.t.Helper()
	at := func(i int) image.Point {
		return w.origin.Add(image.Pt(300+i*12, 400+int(80*math.Sin(float64(i)/4))))
	}
	p := at(0)
	w.d.xdotool(w.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y), "mousedown", "1")
	for i := 1; i < 60; i++ {
		p = at(i)
		w.d.xdotool(w.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y))
		time.Sleep(20 * time.Millisecond)
	}
	w.d.xdotool(w.t, "mouseup", "1")
}

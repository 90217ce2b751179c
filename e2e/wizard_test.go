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

	"github.com/enrolkiosk/enrolkiosk/ui"
)

var (
	demoURL  = regexp.MustCompile(`msg="demo backend listening" url=(\S+)`)
	sealedID = regexp.MustCompile(`msg="enrolment sealed" id=(\S+)`)
)

// TestWizard logs in, fills the applicant form, captures both sides of the ID and the
// selfie from the file camera, records the clip, accepts the terms, draws a signature
// with pointer moves, hands the screen back, ticks the checklist, seals, and waits for
// the sandbox to confirm and the Queue to list it.
// It drives the real app full screen (1280x800) by pointer and keyboard, as an operator
// and a customer do, finding every widget by what it shows through the app's UI probe
// and waiting for each step to be on screen: no fixed sleeps between clicks.
func TestWizard(t *testing.T) {
	d := startX(t)
	w := startKiosk(t, d)
	w.enrol(w.sign)
	if err := w.app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

// enrol walks one customer's enrolment from the login to the Queue screen, with sign
// drawing the signature once the pad is up, and returns the sealed enrolment's id. It
// shoots every screen on the way into the test's artifacts; the README's ones are named
// as in readmeShots.
func (w *driver) enrol(sign func()) string {
	w.t.Helper()
	t := w.t
	w.toSignature()
	w.clickText("Open the signature pad")
	sign()
	w.shot("07-signature")
	w.clickText("Accept")
	w.waitText("Thank you, please hand the screen back")
	w.shot("08-handback")
	w.typeInto("Operator password", "SecurePassword123!")
	w.clickText("Unlock")
	w.step(7)

	for _, c := range []string{"I have seen the original identity document",
		"The customer's face matches the document's photo", "The document has not expired"} {
		w.check(c)
	}
	w.shot("checklist")
	w.next(8)
	w.waitText("+593991234567") // the local forms typed, as the review shows them
	w.waitText("1990-05-17")
	w.waitText("National identity card")
	w.shot("09-review")
	w.clickText("Seal enrolment")
	w.waitLog("enrolment sealed")
	app := w.app
	id := sealedID.FindStringSubmatch(app.output())
	if id == nil {
		t.Fatalf("no sealed enrolment id in the log:\n%s", app.output())
	}
	w.waitText("Enrolment sealed")
	w.waitText(id[1]) // the reference the customer is given
	w.shot("sealed")

	base := demoURL.FindStringSubmatch(app.output())
	if base == nil {
		t.Fatalf("no demo backend URL in the log:\n%s", app.output())
	}
	waitFor(t, 90*time.Second, func() bool { return confirmed(t, base[1]) })
	w.clickText("Queue")
	w.waitText("Sync now")
	w.waitContains(id[1]) // its row, however the row words the rest
	w.shot("10-queue")
	return id[1]
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

// startKiosk starts the app on d in demo and kiosk mode, in English, with the file camera
// showing the test card, and returns the person who drives it.
func startKiosk(t *testing.T, d *display) *driver {
	t.Helper()
	return startKioskWith(t, d, kioskRun{})
}

// kioskRun is how startKioskWith starts the app.
type kioskRun struct {
	words words // the app's language; the zero value is English
	// demoCamera keeps demo mode's own camera (capture/democamera: the synthetic ID card
	// and its portrait) instead of the file camera on the test card.
	demoCamera bool
}

// startKioskWith starts the app on d in demo and kiosk mode (full screen) as run says,
// and returns the person who drives it.
func startKioskWith(t *testing.T, d *display, run kioskRun) *driver {
	t.Helper()
	args := []string{"--demo", "--fullscreen", "--data-dir", t.TempDir()}
	if !run.demoCamera {
		root, err := repoRoot()
		if err != nil {
			t.Fatal(err)
		}
		card := filepath.Join(root, "capture", "document", "testdata", "card.jpg")
		cfg := filepath.Join(t.TempDir(), "enrolkiosk.toml")
		if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[camera]\nsource = %q\n", "file:"+card)), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--config", cfg)
	}
	env, probe := probeEnv(t.TempDir())
	app := d.startEnv(t, append([]string{env}, run.words.env()...), "enrolkiosk", args...)
	win := d.waitWindow(t, run.words.tr(windowTitle))
	d.waitFullScreen(t, win)
	art := artifactDir(t)
	s := &screen{t: t, d: d, path: probe, origin: d.windowRect(t, win).Min, words: run.words}
	return &driver{screen: s, app: app, art: art, win: win}
}

// useCrop takes the corner editor's proposed crop of side once the editor is on screen.
// Under Xvfb's software GL the editor's first frame (the whole still) takes seconds, and a
// click sent meanwhile can be lost: while the editor is still shown and the picture is not
// ready, the click is sent again (the button is gone once one is taken, so the crop is
// never used twice).
func (w *driver) useCrop(side string) {
	w.t.Helper()
	w.waitLog(`crop proposed" side=` + side)
	ready := `picture ready" side=` + side
	before := strings.Count(w.app.output(), ready)
	done := func() bool { return strings.Count(w.app.output(), ready) > before }
	use := w.words.tr("Use this crop")
	shown := func() bool {
		for _, it := range w.snapshot().Items {
			if it.Kind == ui.ProbeButton && it.Text == use {
				return true
			}
		}
		return false
	}
	waitFor(w.t, 90*time.Second, func() bool {
		if done() || !shown() {
			return done()
		}
		w.shot("crop-" + side) // returns once the editor's frame stops changing
		if !shown() {
			return done()
		}
		w.clickText("Use this crop")
		// The picture is processed off the UI goroutine: give the click time to take.
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && !done(); time.Sleep(pollEvery) {
		}
		return done()
	})
}

// toFilledForm logs in and fills the applicant form as an operator in Ecuador types it
// (the countries start as the branch's; local formats are converted).
func (w *driver) toFilledForm() {
	w.t.Helper()
	w.waitText("Operator login")
	w.shot("01-login")
	w.typeInto("User name or e-mail", "user@example.com")
	w.typeInto("Password", "SecurePassword123!")
	w.clickText("Log in")
	w.waitLog("operator logged in")
	w.step(1)
	w.shot("applicant-empty")

	w.choose("(Select one)", "National identity card")
	for _, f := range []struct{ name, value string }{
		// The countries start as the branch's (EC); the mobile number and the birth date are
		// typed as people in Ecuador write them, and the form converts them.
		{"Given names", "Ana Maria"}, {"First surname", "Perez"}, {"Second surname", "Loor"},
		{"Document number", "1710034065"}, {"Birth date", "17/05/1990"},
		{"E-mail", "ana@example.com"}, {"Mobile number", "0991234567"},
	} {
		w.typeInto(f.name, f.value)
	}
	w.d.xdotool(w.t, "key", "Tab") // the last field loses focus: its value is shown converted
	w.waitText("+593991234567")
	w.scrollUpTo("Given names") // the whole form from its top, as the operator checks it
	w.unfocus("Applicant data")
	w.shot("02-applicant")
}

// toSignature logs in, fills the applicant form, captures both sides of the ID, the selfie
// and the clip, accepts the terms and stops on the signature step (6 of 8).
func (w *driver) toSignature() {
	w.t.Helper()
	w.toFilledForm()
	w.next(2)

	w.gone("Starting the camera…")
	w.shot("03-document") // the live camera on the card
	w.clickText("Take photo")
	w.useCrop("document_front") // shoots the editor: crop-document_front
	w.waitLog(`picture ready" side=document_front`)
	w.waitText("Quality checks passed.")
	w.shot("id-front")
	w.next(3)
	w.clickText("Take photo")
	w.useCrop("document_rear")
	w.waitLog(`picture ready" side=document_rear`)
	w.waitText("Quality checks passed.")
	w.shot("id-rear")
	w.next(4)

	w.clickText("Take selfie")
	w.waitLog("selfie ready")
	w.gone("Take selfie") // the screen has the selfie: its button offers a retake now
	w.shot("05-selfie")
	w.clickText("Record video")
	w.waitLog("selfie video recorded")
	w.waitPrefix(w.words.lead("Video recorded: {{.Size}}. Record it again if the customer moved out of the picture."))
	w.shot("06-video")
	w.next(5)

	w.check("The customer has read the terms and accepts them")
	w.shot("terms")
	w.next(6)

}

// driver is the person at the kiosk: the screen they look at, the app's log they are
// told about, and where the screenshots go.
type driver struct {
	*screen
	app *proc
	art string
	win string // the app's X window
}

// next presses Next and waits until step n (of 8) is on screen.
func (w *driver) next(n int) {
	w.t.Helper()
	w.clickText("Next")
	w.step(n)
}

// step waits until the wizard says it is on step n of 8.
func (w *driver) step(n int) {
	w.t.Helper()
	w.waitText(w.words.l(w.t, "Step {{.N}} of {{.Total}}", map[string]any{"N": n, "Total": 8}))
}

// shot saves a screenshot of what is on screen once it is drawn: the caller has waited
// for the step's texts in the probe, and the screen is taken again until the pictures
// agree (a blinking text cursor aside) over settleSpan, so neither a frame still being
// painted nor one of a slowly changing screen (a recording's progress) is kept.
func (w *driver) shot(name string) {
	w.t.Helper()
	path := filepath.Join(w.art, name+".png")
	prev := w.d.screenshot(w.t, path)
	first, since := prev, time.Now()
	for deadline := time.Now().Add(10 * time.Second); ; {
		img := w.d.screenshot(w.t, path)
		n := max(differing(prev, img), differing(first, img))
		if n <= maxSettledDiff && time.Since(since) >= settleSpan {
			return
		}
		if n > maxSettledDiff {
			first, since = img, time.Now()
		}
		if time.Now().After(deadline) {
			w.t.Logf("%s: the screen kept changing (%d sampled pixels); keeping the last picture", name, n)
			return
		}
		prev = img
	}
}

// settleSpan is how long the screen must stay the same for shot to keep it.
const settleSpan = 600 * time.Millisecond

// maxSettledDiff is how many sampled pixels may differ between two screenshots of a
// settled screen: the entry's blinking cursor.
const maxSettledDiff = 32

// differing counts the pixels that differ between a and b, sampled on a 4-pixel grid.
func differing(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return math.MaxInt
	}
	n, r := 0, a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		for x := r.Min.X; x < r.Max.X; x += 4 {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

// waitLog waits for a line of the app's log containing s.
func (w *driver) waitLog(s string) {
	w.t.Helper()
	waitFor(w.t, 60*time.Second, func() bool { return strings.Contains(w.app.output(), s) })
}

// penStep is the time between two pointer moves of the signature: the customer's hand
// moving, not a wait for the app (the pad's quality checks want a stroke of a second).
const penStep = 20 * time.Millisecond

// sign waits for the signature pad and draws a wave across it: pen down, 60 moves over
// 1.2 s, pen up.
func (w *driver) sign() {
	w.t.Helper()
	pad := w.one("the signature pad", func(it ui.ProbeItem) bool { return it.Kind == ui.ProbePad })
	at := func(i int) image.Point {
		x := pad.X + pad.Width*(0.15+0.7*float32(i)/60)
		y := pad.Y + pad.Height*(0.5+0.25*float32(math.Sin(float64(i)/4)))
		return w.pixel(x, y)
	}
	p := at(0)
	w.d.xdotool(w.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y), "mousedown", "1")
	for i := 1; i <= 60; i++ {
		p = at(i)
		w.d.xdotool(w.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y))
		time.Sleep(penStep)
	}
	w.d.xdotool(w.t, "mouseup", "1")
}

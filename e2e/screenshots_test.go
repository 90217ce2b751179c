//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/ui"
)

// readmeShots are the README's screenshots, in the wizard's order: the artifact each is
// copied from (named as enrol and its helpers shoot them) and its name in docs/, which is
// wizard-NN-name.png in English and wizard-es-NN-name.png in Spanish.
var readmeShots = []struct{ artifact, name string }{
	{"01-login", "01-login"},
	{"02-applicant", "02-applicant"},          // filled, the local forms converted
	{"03-document", "03-document"},            // the demo camera's synthetic ID card, live
	{"crop-document_front", "04-crop-editor"}, // the corners detected on it
	{"05-selfie", "05-selfie"},                // the selfie taken
	{"06-video", "06-video"},                  // the clip recorded, ready to play back
	{"07-signature", "07-signature"},          // an SVC2004 signature replayed by the pointer
	{"08-handback", "08-handback"},            // after Accept: only the operator's password goes on
	{"09-review", "09-review"},                // every piece before sealing
	{"10-queue", "10-queue"},                  // delivered and confirmed by the sandbox
}

// TestScreenshots takes the README's screenshots (make screenshot) in English and in
// Spanish: each language is one whole enrolment in the kiosk session (openbox with the
// shipped kiosk configuration, the app full screen), with demo mode's own camera and an
// SVC2004 signature replayed on the pad, copied to $SCREENSHOT_DIR as readmeShots names
// them. Every screen is waited for through the probe, so a screen that is not reached
// fails the run. It is skipped without SCREENSHOT_DIR: make e2e's other tests walk the
// same screens.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		t.Skip("make screenshot runs it: SCREENSHOT_DIR names the folder the pictures go to")
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	// svctest skips a test without the SVC2004 data; a screenshot run must not end quietly
	// with no signature.
	if _, err := os.Stat(filepath.Join(root, "..", "shared", "testdata", "svc2004", "Task2.zip")); err != nil {
		t.Fatalf("the SVC2004 signatures the pad replays are not beside the repository: %v", err)
	}
	rc := filepath.Join(root, "assets", "kiosk", "openbox-rc.xml")
	for _, lang := range []string{"en", "es"} {
		t.Run(lang, func(t *testing.T) {
			d := startX(t, "--config-file", rc)
			w := startKioskWith(t, d, kioskRun{words: loadWords(t, lang), demoCamera: true})
			w.enrol(func() { w.replaySVC(svcSignature) })
			// The queue again once the app has heard the backend's decision, not while
			// its row still says it is sending.
			w.waitState("Delivered and confirmed")
			w.shot("10-queue")
			prefix := "wizard-"
			if lang != "en" {
				prefix += lang + "-"
			}
			for _, s := range readmeShots {
				copyFile(t, filepath.Join(w.art, s.artifact+".png"), filepath.Join(dir, prefix+s.name+".png"))
			}
			if err := w.app.stop(t, 5*time.Second); err != nil {
				t.Fatalf("SIGTERM: %v", err)
			}
		})
	}
}

// confirmWait bounds the wait for the app to show the backend's decision on a row: the
// sync worker asks for it on its own schedule.
const confirmWait = 3 * time.Minute

// waitState waits until the screen shows the text state (translated), for up to
// confirmWait.
func (w *driver) waitState(state string) {
	w.t.Helper()
	state = w.words.tr(state)
	if !w.within(confirmWait, func(it ui.ProbeItem) bool { return shows(it) == state }) {
		w.t.Fatalf("%q did not appear within %v; the screen shows: %s", state, confirmWait, w.texts())
	}
}

//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCropEditor takes the ID front from the file camera and screenshots the crop
// editor the wizard shows with the detected corners, then uses the crop: the picture
// is processed and the step shows it.
func TestCropEditor(t *testing.T) {
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
	w.shot("02-applicant") // waits for the form to be drawn before using it
	w.click(ptDocType)
	w.click(ptDocTypeIDC)
	w.click(ptGivenName)
	for _, v := range []string{"Ana Maria", "Perez", "Loor", "EC", "1710034065", "", "1990-05-17", "EC", "ana@example.com", "+593991234567"} {
		if v != "" {
			w.typeText(v)
		}
		w.key("Tab")
	}
	w.click(ptNext)
	w.shot("03-id-front")
	w.click(ptTakePhoto)
	w.waitLog(`crop proposed" side=document_front`)
	time.Sleep(8 * time.Second) // the editor draws the whole still: slow under Xvfb's software GL
	w.shot("04-crop-editor")
	w.click(ptUseCrop)
	w.waitLog(`picture ready" side=document_front`)
	time.Sleep(8 * time.Second)
	w.shot("05-cropped")
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		copyFile(t, filepath.Join(art, "04-crop-editor.png"), filepath.Join(dir, "wizard-04-crop-editor.png"))
	}
	if err := app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

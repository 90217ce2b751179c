//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCropEditor takes the ID front from the file camera and screenshots the crop
// editor the wizard shows with the detected corners, then uses the crop: the picture
// is processed and the step shows it.
func TestCropEditor(t *testing.T) {
	d := startX(t)
	w := startKiosk(t, d)
	app, art := w.app, w.art
	w.waitText("Operator login")
	w.typeInto("User name or e-mail", "user@example.com")
	w.typeInto("Password", "SecurePassword123!")
	w.clickText("Log in")
	w.waitLog("operator logged in")
	w.waitText("Step 1 of 8")
	w.choose("(Select one)", "National identity card")
	for _, f := range []struct{ name, value string }{
		{"Given names", "Ana Maria"}, {"First surname", "Perez"}, {"Second surname", "Loor"},
		{"Document number", "1710034065"}, {"Birth date", "17/05/1990"},
		{"E-mail", "ana@example.com"}, {"Mobile number", "0991234567"},
	} {
		w.typeInto(f.name, f.value)
	}
	w.next(2)
	w.shot("03-id-front")
	w.clickText("Take photo")
	w.useCrop("document_front")
	w.waitText("Quality checks passed.")
	w.shot("05-cropped")
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		copyFile(t, filepath.Join(art, "crop-document_front.png"), filepath.Join(dir, "wizard-04-crop-editor.png"))
	}
	if err := app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

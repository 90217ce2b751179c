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
	w.toFilledForm()
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

//go:build e2e

package e2e

import (
	"testing"
	"time"
)

// TestCropEditor takes the ID front from the file camera and screenshots the crop
// editor the wizard shows with the detected corners, then uses the crop: the picture
// is processed and the step shows it.
func TestCropEditor(t *testing.T) {
	d := startX(t)
	w := startKiosk(t, d)
	app := w.app
	w.toFilledForm()
	w.next(2)
	w.shot("id-front-live")
	w.clickText("Take photo")
	w.useCrop("document_front")
	w.waitText("Quality checks passed.")
	w.shot("05-cropped")
	if err := app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

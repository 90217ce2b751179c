package main

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/ui"
)

// startProbe runs the UI probe (a test hook, see ui.ProbeEnv) until ctx ends: the window's
// texts and their positions are written to path after every change.
func (k *kiosk) startProbe(ctx context.Context, c fyne.Canvas, path string) {
	k.logger.Warn("UI probe on: the texts on screen are written to a file (test hook, never in production)", "env", ui.ProbeEnv, "path", path)
	k.goWorker(func() {
		if err := ui.PublishProbe(ctx, c, path, ui.ProbeInterval); err != nil && !errors.Is(err, context.Canceled) {
			k.logger.Error("UI probe stopped", "err", err)
		}
	})
}

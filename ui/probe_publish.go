package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// ProbeEnv is the environment variable that turns the UI probe on in cmd/enrolkiosk: the
// path of the JSON file PublishProbe writes. A test hook; unset in production.
const ProbeEnv = "ENROLKIOSK_UI_PROBE"

// ProbeInterval is how often PublishProbe walks the canvas.
const ProbeInterval = 50 * time.Millisecond

// PublishProbe is a test hook for the end-to-end tests, off unless the program turns it on:
// every interval it takes Probe(c) on the UI goroutine and, when it differs from the last,
// writes it as JSON to path, atomically (a reader sees the old snapshot or the new one,
// never a mix). The file holds what the screen shows, customer data included, so it is
// for test runs only. It returns when ctx ends (with ctx.Err()) or a write fails.
func PublishProbe(ctx context.Context, c fyne.Canvas, path string, interval time.Duration) error {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var last []byte
	for {
		snap := make(chan ProbeSnapshot, 1)
		fyne.Do(func() { snap <- Probe(c) })
		var s ProbeSnapshot
		select {
		case s = <-snap:
		case <-ctx.Done():
			return ctx.Err()
		}
		b, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("encode the UI probe: %w", err)
		}
		if !bytes.Equal(b, last) {
			if err := durable.WriteFile(path, b, 0o600); err != nil {
				return fmt.Errorf("write the UI probe: %w", err)
			}
			last = b
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

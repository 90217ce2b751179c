package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/internal/status"
)

// TestStatusBarDoesNotWidenTheWindow: a retry time, or "Sending paused", never makes the
// status bar ask for more width (which would widen the window).
func TestStatusBarDoesNotWidenTheWindow(t *testing.T) {
	test.NewTempApp(t)

	b := NewStatusBar(true)
	b.Show(status.Snapshot{Configured: true, Online: true, QueueKnown: true, QueueDepth: 3})
	before := b.Object().MinSize().Width
	b.Show(status.Snapshot{Configured: true, Online: false, QueueKnown: true, QueueDepth: 3,
		LastSync: time.Now(), NextRetry: time.Now().Add(time.Minute)})
	b.SetPaused(true)
	if after := b.Object().MinSize().Width; after > before {
		t.Fatalf("the status bar asks for %.0f px, %.0f before the retry time", after, before)
	}
}

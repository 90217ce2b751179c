//go:build linux

package evdev

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// EVIOCGRAB as <linux/input.h> defines it.
func TestGrabRequestNumber(t *testing.T) {
	if eviocgrab != 0x40044590 {
		t.Fatalf("EVIOCGRAB = %#x, want 0x40044590", eviocgrab)
	}
}

// A character device is grabbed before it is read: one that refuses the grab (here
// /dev/null, which is not an input device) is not read at all.
func TestStreamGrabsTheDevice(t *testing.T) {
	r := &Reader{path: os.DevNull}
	err := r.Stream(context.Background(), func(signature.Sample) { t.Error("a sample from a device not grabbed") })
	if !errors.Is(err, syscall.ENOTTY) || !strings.Contains(err.Error(), "EVIOCGRAB") {
		t.Fatalf("Stream of a device that cannot be grabbed: %v", err)
	}
}

// A recorded stream (a regular file, as in tests and replays) is read without a grab.
func TestStreamOfARecordingNeedsNoGrab(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events")
	var b []byte
	b = AppendEvent(b, Event{Type: evAbs, Code: absX, Value: 10})
	b = AppendEvent(b, Event{Type: evSyn, Code: synReport})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	err := (&Reader{path: path}).Stream(context.Background(), func(signature.Sample) {})
	if err == nil || strings.Contains(err.Error(), "EVIOCGRAB") {
		t.Fatalf("a recording: %v", err)
	}
}

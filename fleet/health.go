package fleet

import (
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// Health is what a kiosk reports about itself at one moment. It holds no personal data
// and no id that identifies a customer or an enrolment.
type Health struct {
	// At is when it was collected.
	At time.Time
	// Labels identify the installation on every series.
	Labels Labels
	// Info describes the installation: version, profile, pen and camera.
	Info Info
	// Queue counts the enrolments in each outbox state; Unreadable counts the entries that
	// could not be read (their state is unknown).
	Queue      map[store.State]int
	Unreadable int
	// OldestPending is when the oldest enrolment still to be delivered was sealed (zero:
	// none waits).
	OldestPending time.Time
	// LastDelivery is the time of the last successful delivery (zero: never).
	LastDelivery time.Time
	// Failures counts delivery failures by class since the app started.
	Failures map[FailureClass]uint64
	// FreeBytes is the free space of the data dir's file system; FreeKnown is false when
	// it could not be read.
	FreeBytes uint64
	FreeKnown bool
	// KeyProtection says how the device key is protected (KeyTPM, KeyPassphrase, KeyFile).
	KeyProtection string
	// ExportFailures counts failed pushes by exporter name since the app started.
	ExportFailures map[string]uint64
	// ConfigFailures counts refused or failed remote configurations by reason;
	// ConfigApplied counts the ones applied.
	ConfigFailures map[string]uint64
	ConfigApplied  uint64
	// Freeze is the freeze rules' verdict on this health.
	Freeze Verdict
}

// Labels are attached to every series: they say which kiosk reports, never who enrolled.
type Labels struct {
	InstallationID string
	Branch         string
}

// Info describes the installation; it is reported as the labels of one info series.
type Info struct {
	Version string
	Profile string
	Pen     string
	Camera  string
}

// Undelivered counts the enrolments that wait to be delivered: queued, sending, held or
// rejected (waiting for an operator), and the unreadable ones. Delivered ones wait for the
// backend's review, not for this kiosk, and are not counted.
func (h Health) Undelivered() int {
	n := h.Unreadable
	for _, s := range []store.State{store.Queued, store.Sending, store.Held, store.Rejected} {
		n += h.Queue[s]
	}
	return n
}

// OldestPendingAge is how long the oldest pending enrolment has waited (0: none waits).
func (h Health) OldestPendingAge() time.Duration {
	if h.OldestPending.IsZero() || h.At.Before(h.OldestPending) {
		return 0
	}
	return h.At.Sub(h.OldestPending)
}

// InfoFromConfig describes the installation cfg sets up: version, profile, the pen source
// and the camera (its label when one is chosen, else its source).
func InfoFromConfig(cfg config.Config, version string) Info {
	camera := cfg.Camera.Label
	if camera == "" {
		camera = cfg.Camera.Source
	}
	return Info{Version: version, Profile: cfg.Profile, Pen: cfg.Signature.Source, Camera: camera}
}

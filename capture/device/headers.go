package device

import (
	"context"
	"time"
)

// Headers gives the sync layer the values of x-installation_id, x-fingerprint and
// x-location. Its method set matches what sync/api asks of a device.
type Headers struct {
	ID      Identity
	Locator Locator
	// Timeout bounds a location lookup so a slow GPS never holds a request up (default 2s).
	Timeout time.Duration
}

// InstallationID returns the installation id.
func (h Headers) InstallationID() string { return h.ID.InstallationID }

// Fingerprint returns the machine fingerprint.
func (h Headers) Fingerprint() string { return h.ID.Fingerprint }

// Location returns "lat,lon", or "" when the position is unknown.
func (h Headers) Location(ctx context.Context) string {
	if h.Locator == nil {
		return ""
	}
	t := h.Timeout
	if t <= 0 {
		t = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	p, err := h.Locator.Position(ctx)
	if err != nil {
		return ""
	}
	return p.Header()
}

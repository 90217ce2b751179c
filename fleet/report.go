package fleet

import "time"

// Report is Health as JSON, for `enrolctl doctor --json` and MDM scripts: the same fields
// the metrics carry, under stable names.
type Report struct {
	InstallationID string `json:"installation_id"`
	Branch         string `json:"branch"`
	Version        string `json:"version"`
	Profile        string `json:"profile"`
	Pen            string `json:"pen"`
	Camera         string `json:"camera"`
	// QueueKnown is false when the store could not be read (the app holds it open):
	// the queue fields are then absent, not zero.
	QueueKnown              bool              `json:"queue_known"`
	Queue                   map[string]int    `json:"queue,omitempty"`
	Unreadable              int               `json:"queue_unreadable,omitempty"`
	Undelivered             int               `json:"undelivered"`
	OldestPendingAgeSeconds float64           `json:"oldest_pending_age_seconds"`
	LastDelivery            *time.Time        `json:"last_delivery,omitempty"`
	Failures                map[string]uint64 `json:"delivery_failures,omitempty"`
	DiskFreeBytes           *uint64           `json:"disk_free_bytes,omitempty"`
	KeyProtection           string            `json:"key_protection,omitempty"`
	Freeze                  string            `json:"freeze"`
	FreezeCause             string            `json:"freeze_cause,omitempty"`
	MaxPending              int               `json:"max_pending"`
	StaleSeconds            float64           `json:"without_delivery_seconds"`
	FreezeAfterSeconds      float64           `json:"freeze_after_seconds"`
	CollectedAt             time.Time         `json:"collected_at"`
}

// Report returns h as a Report; queueKnown says whether h's queue was read.
func (h Health) Report(queueKnown bool) Report {
	r := Report{InstallationID: h.Labels.InstallationID, Branch: h.Labels.Branch, Version: h.Info.Version,
		Profile: h.Info.Profile, Pen: h.Info.Pen, Camera: h.Info.Camera, QueueKnown: queueKnown,
		KeyProtection: h.KeyProtection, Freeze: h.Freeze.Level.String(), FreezeCause: string(h.Freeze.Cause),
		MaxPending: h.Freeze.MaxPending, FreezeAfterSeconds: h.Freeze.FreezeAfter.Seconds(), CollectedAt: h.At}
	if queueKnown {
		r.Queue = map[string]int{}
		for s, n := range h.Queue {
			r.Queue[string(s)] = n
		}
		r.Unreadable, r.Undelivered = h.Unreadable, h.Undelivered()
		r.OldestPendingAgeSeconds, r.StaleSeconds = h.OldestPendingAge().Seconds(), h.Freeze.Stale.Seconds()
		if !h.LastDelivery.IsZero() {
			t := h.LastDelivery
			r.LastDelivery = &t
		}
	}
	if len(h.Failures) > 0 {
		r.Failures = map[string]uint64{}
		for c, n := range h.Failures {
			r.Failures[string(c)] = n
		}
	}
	if h.FreeKnown {
		free := h.FreeBytes
		r.DiskFreeBytes = &free
	}
	return r
}

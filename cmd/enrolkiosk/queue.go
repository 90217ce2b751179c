package main

import (
	"context"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// queueStatus reports the outbox's state for the status bar.
type queueStatus struct{ db *store.DB }

var _ status.Queue = queueStatus{}

// open are the states of enrolments not yet confirmed by the backend.
var open = []store.State{store.Queued, store.Sending, store.Delivered, store.Rejected, store.Held}

// QueueStatus implements status.Queue: the depth from the in-memory counts, the last
// successful delivery and the earliest scheduled retry from the entries.
func (q queueStatus) QueueStatus(ctx context.Context) (status.QueueInfo, error) {
	var info status.QueueInfo
	counts := q.db.Counts()
	for _, s := range open {
		info.Depth += counts[s]
	}
	entries, err := q.db.List(ctx, store.Filter{States: []store.State{store.Queued, store.Sending, store.Delivered, store.Confirmed}})
	if err != nil {
		return info, err
	}
	now := time.Now()
	for _, e := range entries {
		switch {
		case e.State == store.Confirmed && e.Confirmed.After(info.LastSync):
			info.LastSync = e.Confirmed
		case e.State == store.Delivered && e.Updated.After(info.LastSync):
			info.LastSync = e.Updated
		}
		if e.State != store.Confirmed && e.NextAttempt.After(now) && (info.NextRetry.IsZero() || e.NextAttempt.Before(info.NextRetry)) {
			info.NextRetry = e.NextAttempt
		}
	}
	return info, nil
}

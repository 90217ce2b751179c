package main

import (
	"context"
	"errors"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// queueStatus reports the outbox's state for the status bar.
type queueStatus struct{ db *store.DB }

var _ status.Queue = queueStatus{}

// QueueStatus implements status.Queue: the depth from the in-memory counts (plus the
// entries that cannot be read), the last successful delivery and the earliest scheduled
// retry from the entries.
func (q queueStatus) QueueStatus(ctx context.Context) (status.QueueInfo, error) {
	var info status.QueueInfo
	counts := q.db.Counts()
	for _, s := range append(store.Pending(), store.Rejected, store.Held) { // not yet confirmed
		info.Depth += counts[s]
	}
	entries, err := q.db.List(ctx, store.Filter{States: append(store.Pending(), store.Confirmed)})
	if ue, ok := errors.AsType[*store.UnreadableError](err); ok {
		info.Depth += len(ue.IDs) // not known to be confirmed; the queue screen says they cannot be read
	} else if err != nil {
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

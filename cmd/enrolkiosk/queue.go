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

// QueueStatus implements status.Queue from the store's in-memory index (store.DB.Index):
// the depth (everything not yet confirmed, plus the entries that cannot be read), the
// last successful delivery and the earliest scheduled retry. Nothing is decrypted, so a
// backlog of thousands costs microseconds every refresh.
func (q queueStatus) QueueStatus(context.Context) (status.QueueInfo, error) {
	var info status.QueueInfo
	counts := q.db.Counts()
	for _, s := range append(store.Pending(), store.Rejected, store.Held, store.Reconcile) { // not yet confirmed
		info.Depth += counts[s]
	}
	info.Depth += q.db.UnreadableCount() // not known to be confirmed; the queue screen says they cannot be read
	now := time.Now()
	for _, m := range q.db.Index() {
		switch {
		case m.State == store.Confirmed && m.Confirmed.After(info.LastSync):
			info.LastSync = m.Confirmed
		case m.State == store.Delivered && m.Updated.After(info.LastSync):
			info.LastSync = m.Updated
		}
		if m.State.Pending() && m.NextAttempt.After(now) && (info.NextRetry.IsZero() || m.NextAttempt.Before(info.NextRetry)) {
			info.NextRetry = m.NextAttempt
		}
	}
	return info, nil
}

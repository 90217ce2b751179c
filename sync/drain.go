package sync

import (
	"context"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
)

// Drain runs passes until no enrolment is queued, sending or delivered (each is then
// confirmed, rejected, held or waiting for reconciliation), waiting between passes until
// the next one is due. It returns the summed summary; the end of ctx stops it early, and
// so does a refusal of the credentials once everything left waits on it: it then returns
// an *AuthPausedError (wrapping api.ErrAuth) with the backend's reason, and the
// enrolments stay queued.
func (w *Worker) Drain(ctx context.Context) (Summary, error) {
	var total Summary
	if err := w.startJitter(ctx); err != nil {
		return total, err
	}
	for {
		s, err := w.pass(ctx)
		total.Worked += s.Worked
		total.Confirmed += s.Confirmed
		total.Rejected += s.Rejected
		total.Delivered += s.Delivered
		total.Reconcile += s.Reconcile
		if ctx.Err() != nil {
			return total, err
		}
		pending, wait, err := w.pending(ctx)
		if err != nil {
			return total, err
		}
		total.Waiting = len(pending)
		if len(pending) == 0 {
			return total, nil
		}
		if err := w.allHeldBack(pending); err != nil {
			return total, err
		}
		if err := clock.Sleep(ctx, wait); err != nil {
			return total, err
		}
	}
}

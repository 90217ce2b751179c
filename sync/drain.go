package sync

import (
	"context"
	"errors"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// Drain runs passes until no enrolment is queued, sending or delivered (each is then
// confirmed, rejected or held), waiting between passes until the next one is due. It
// returns the summed summary; an auth refusal or the end of ctx stops it early.
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
		if errors.Is(err, api.ErrAuth) || ctx.Err() != nil {
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
		if err := clock.Sleep(ctx, wait); err != nil {
			return total, err
		}
	}
}

package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// change applies fn to id's entry in one write transaction with an audit entry, then
// tells watchers. fn returns the audit detail, or an error to change nothing; extra
// runs in the same transaction after fn.
func (d *DB) change(ctx context.Context, id, event string, fn func(e *Entry) (string, error), extra ...func(*bolt.Tx) error) error {
	var from State
	var after Entry
	err := d.update(ctx, func(tx *bolt.Tx) error {
		e, err := d.getEntry(tx, id)
		if err != nil {
			return err
		}
		from = e.State
		detail, err := fn(&e)
		if err != nil {
			return err
		}
		for _, x := range extra {
			if err := x(tx); err != nil {
				return err
			}
		}
		e.Updated = d.now()
		if err := d.putEntry(tx, e); err != nil {
			return err
		}
		after = e
		if event == "" {
			return nil
		}
		return d.appendAudit(tx, AuditEntry{Event: event, Enrolment: id, Detail: detail})
	})
	if err != nil {
		return fmt.Errorf("enrolment %s: %w", ShortID(id), err)
	}
	d.mu.Lock()
	d.indexLocked(&after)
	d.mu.Unlock()
	d.publish(from, Change{ID: id, State: after.State, Step: after.Step})
	return nil
}

func stateErr(e *Entry, action string) error {
	return fmt.Errorf("%w: cannot %s an enrolment that is %s", ErrTransition, action, e.State)
}

// MarkSending records that the sync worker reached step (0-based) named name.
func (d *DB) MarkSending(ctx context.Context, id string, step int, name string) error {
	return d.change(ctx, id, EventSending, func(e *Entry) (string, error) {
		if e.State != Queued && e.State != Sending {
			return "", stateErr(e, "send")
		}
		if step < e.Step {
			return "", fmt.Errorf("%w: step %d is before the step already reached (%d)", ErrTransition, step, e.Step)
		}
		e.State, e.Step, e.StepName = Sending, step, name
		return fmt.Sprintf("step %d %s", step, name), nil
	})
}

// SaveStepResult merges the values a backend returned for a step (request_pk,
// videoid_pk, sign ids...) into the entry, durably, the moment they arrive. It also
// clears the attempt counter: the step succeeded. It is accepted in every state but
// purged, so that an answer arriving after an operator held the entry is never lost.
func (d *DB) SaveStepResult(ctx context.Context, id string, step int, values map[string]string) error {
	if len(values) == 0 {
		return fmt.Errorf("%w: no values to save for enrolment %s", ErrInvalid, ShortID(id))
	}
	return d.change(ctx, id, EventStepResult, func(e *Entry) (string, error) {
		if e.State == Purged { // a late answer for a held or rejected entry is still kept
			return "", stateErr(e, "save a step result of")
		}
		if e.Results == nil {
			e.Results = map[string]string{}
		}
		maps.Copy(e.Results, values)
		e.Step = max(e.Step, step)
		e.InFlight = nil // the answer arrived
		e.Attempts, e.LastError, e.NextAttempt, e.WaitingSince = 0, "", time.Time{}, time.Time{}
		return fmt.Sprintf("step %d: %s", step, strings.Join(slices.Sorted(maps.Keys(values)), ",")), nil
	})
}

// RecordAttempt records a failed attempt: the error to show and when to try again.
func (d *DB) RecordAttempt(ctx context.Context, id string, errMsg string, next time.Time) error {
	return d.change(ctx, id, "", func(e *Entry) (string, error) {
		if !e.State.Pending() {
			return "", stateErr(e, "record an attempt for")
		}
		e.Attempts++
		e.LastError, e.NextAttempt = errMsg, next.UTC()
		return "", nil
	})
}

// Postpone sets when the sync worker next works on an entry that is waiting on the
// backend, not failing: a status poll answered "still under review", or a step the
// backend asked to repeat later. name, when not empty, says what is awaited (for the
// queue screen, "status (VIDEOREVIEW)"). Unlike RecordAttempt it counts no failure: the
// backend answered, so the attempt counter and the last error are cleared, and no audit
// entry is written (a poll every few seconds would flood the log). The first Postpone
// of a wait sets WaitingSince; a saved step result, delivery or operator retry clears it.
func (d *DB) Postpone(ctx context.Context, id, name string, next time.Time) error {
	return d.change(ctx, id, "", func(e *Entry) (string, error) {
		if !e.State.Pending() {
			return "", stateErr(e, "postpone")
		}
		if name != "" {
			e.StepName = name
		}
		if e.WaitingSince.IsZero() {
			e.WaitingSince = d.now()
		}
		e.Attempts, e.LastError, e.NextAttempt = 0, "", next.UTC()
		return "", nil
	})
}

// MarkDelivered records that every step was sent; the worker then polls for confirmation.
func (d *DB) MarkDelivered(ctx context.Context, id string) error {
	return d.change(ctx, id, EventDelivered, func(e *Entry) (string, error) {
		if e.State != Sending && e.State != Queued {
			return "", stateErr(e, "mark delivered")
		}
		e.State, e.Attempts, e.LastError, e.NextAttempt, e.WaitingSince = Delivered, 0, "", time.Time{}, time.Time{}
		return "", nil
	})
}

// MarkConfirmed records that the backend accepted the enrolment; its evidence may now be
// purged after the retention period.
// The rejected version it corrects, if it is an amendment, is then superseded.
func (d *DB) MarkConfirmed(ctx context.Context, id string) error {
	var amends string
	err := d.change(ctx, id, EventConfirmed, func(e *Entry) (string, error) {
		if e.State != Delivered && e.State != Sending {
			return "", stateErr(e, "confirm")
		}
		e.State, e.Confirmed, e.LastError, e.NextAttempt = Confirmed, d.now(), "", time.Time{}
		amends = e.Amends
		return "", nil
	})
	if err != nil || amends == "" {
		return err
	}
	return d.supersede(context.WithoutCancel(ctx), id, amends)
}

// Reject records that the backend refused the enrolment, with its reason for the operator.
func (d *DB) Reject(ctx context.Context, id, reason string) error {
	return d.change(ctx, id, EventRejected, func(e *Entry) (string, error) {
		if !e.State.Pending() {
			return "", stateErr(e, "reject")
		}
		e.State, e.Reason = Rejected, reason
		return fmt.Sprintf("at step %d", e.Step), nil
	})
}

// Hold pauses an enrolment on the operator's request; the worker leaves it alone.
func (d *DB) Hold(ctx context.Context, id string) error {
	return d.change(ctx, id, EventHeld, func(e *Entry) (string, error) {
		if !e.State.Pending() && e.State != Rejected {
			return "", stateErr(e, "hold")
		}
		e.HeldFrom, e.State = e.State, Held
		return "from " + string(e.HeldFrom), nil
	})
}

// Release resumes a held enrolment where it was, due at once.
func (d *DB) Release(ctx context.Context, id string) error {
	return d.change(ctx, id, EventReleased, func(e *Entry) (string, error) {
		if e.State != Held {
			return "", stateErr(e, "release")
		}
		e.State, e.HeldFrom, e.NextAttempt = e.HeldFrom, "", time.Time{}
		return "to " + string(e.State), nil
	})
}

// Retry makes an enrolment due at once: a rejected one goes back to the queue at the
// step it reached (its saved results are kept, so nothing is created twice); a queued,
// sending or delivered one loses its backoff.
func (d *DB) Retry(ctx context.Context, id string) error {
	return d.change(ctx, id, EventRetried, func(e *Entry) (string, error) {
		switch {
		case e.State == Rejected && e.AmendedBy != "":
			return "", fmt.Errorf("%w: enrolment %s was amended by %s: its correction is sent instead", ErrTransition, ShortID(id), ShortID(e.AmendedBy))
		case e.State == Rejected:
			e.State, e.Reason = Queued, ""
			if e.Step > 0 {
				e.State = Sending
			}
		case !e.State.Pending():
			return "", stateErr(e, "retry")
		}
		e.Attempts, e.LastError, e.NextAttempt, e.WaitingSince = 0, "", time.Time{}, time.Time{}
		return "to " + string(e.State), nil
	})
}

package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// MarkInFlight records, durably and before the request leaves, that step (0-based, named
// name) of id is being sent and what is sent: if the answer is never seen (the process
// dies, the connection breaks after the body went out), the next attempt knows that the
// backend may already hold it. It also does what MarkSending does. SaveStepResult and
// ClearInFlight end it.
func (d *DB) MarkInFlight(ctx context.Context, id string, step int, name, what string) error {
	return d.change(ctx, id, EventSending, func(e *Entry) (string, error) {
		if e.State != Queued && e.State != Sending {
			return "", stateErr(e, "send")
		}
		if step < e.Step {
			return "", fmt.Errorf("%w: step %d is before the step already reached (%d)", ErrTransition, step, e.Step)
		}
		e.State, e.Step, e.StepName = Sending, step, name
		e.InFlight = &InFlight{Step: step, Name: name, What: what, At: d.now()}
		return fmt.Sprintf("step %d %s (answer awaited)", step, name), nil
	})
}

// ClearInFlight records that the request marked by MarkInFlight is known not to have
// created anything (the backend answered it with a refusal or a "try later").
func (d *DB) ClearInFlight(ctx context.Context, id string) error {
	return d.change(ctx, id, "", func(e *Entry) (string, error) {
		e.InFlight = nil
		return "", nil
	})
}

// NeedsReconciliation parks id in Reconcile: its in-flight request may have reached a
// backend that cannot be asked about it. reason says why, for the queue screen.
func (d *DB) NeedsReconciliation(ctx context.Context, id, reason string) error {
	return d.change(ctx, id, EventNeedsReconciliation, func(e *Entry) (string, error) {
		if !e.State.Pending() {
			return "", stateErr(e, "park for reconciliation")
		}
		if e.InFlight == nil {
			return "", fmt.Errorf("%w: no request of enrolment %s is awaiting its answer", ErrTransition, ShortID(id))
		}
		e.State, e.LastError, e.NextAttempt = Reconcile, reason, time.Time{}
		return fmt.Sprintf("step %d %s sent %s", e.InFlight.Step, e.InFlight.Name, e.InFlight.At.UTC().Format(time.RFC3339)), nil
	})
}

// Reconcile attaches to an entry in Reconcile the request the backend already has: values
// are what the lost answer would have said (request_pk, sign_pk...). The entry goes on at
// the step after the one in flight, due at once. Audited with the names and values given
// (backend ids, never personal data) and by, who decided (an operator id, "enrolctl").
func (d *DB) Reconcile(ctx context.Context, id string, values map[string]string, by string) error {
	if len(values) == 0 {
		return fmt.Errorf("%w: no values to attach to enrolment %s", ErrInvalid, ShortID(id))
	}
	return d.change(ctx, id, EventReconciled, func(e *Entry) (string, error) {
		if e.State != Reconcile || e.InFlight == nil {
			return "", stateErr(e, "reconcile")
		}
		if e.Results == nil {
			e.Results = map[string]string{}
		}
		maps.Copy(e.Results, values)
		step := e.InFlight.Step
		e.State, e.Step, e.InFlight = Sending, step+1, nil
		e.Attempts, e.LastError, e.NextAttempt, e.WaitingSince = 0, "", time.Time{}, time.Time{}
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(values)) {
			kv = append(kv, k+"="+values[k])
		}
		return fmt.Sprintf("step %d attached %s by %s", step, strings.Join(kv, ","), by), nil
	})
}

// ReconcileCreateNew accepts, on an operator's explicit decision, that the step in flight
// is sent again although the backend may already hold (and bill) the first request.
// Audited with by, who decided.
func (d *DB) ReconcileCreateNew(ctx context.Context, id, by string) error {
	return d.change(ctx, id, EventReconcileCreateNew, func(e *Entry) (string, error) {
		if e.State != Reconcile || e.InFlight == nil {
			return "", stateErr(e, "reconcile")
		}
		in := e.InFlight
		e.State, e.Step, e.InFlight = Sending, in.Step, nil
		e.Attempts, e.LastError, e.NextAttempt, e.WaitingSince = 0, "", time.Time{}, time.Time{}
		return fmt.Sprintf("step %d %s sent again by %s (the first was sent %s)", in.Step, in.Name, by, in.At.UTC().Format(time.RFC3339)), nil
	})
}

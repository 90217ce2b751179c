package sync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// ErrNeedsReconciliation means an enrolment was parked in store.Reconcile: a request of a
// step the backend cannot be asked about may have reached it without its answer being
// seen, and sending it again could create (and bill) a second one. An operator attaches
// the backend's request (enrolctl queue reconcile ID --request-pk N) or accepts a new one
// (--create-new).
var ErrNeedsReconciliation = errors.New("the backend may already hold this request: an operator must reconcile it")

// startStep records that step k is about to be sent. A guarded step (Blind or with
// Reconcile) whose previous request went out without an answer is resolved first: a
// Blind one parks the enrolment, a reconcilable one asks the backend and, when the
// backend already has it, returns its values (the step is then not sent).
func (w *Worker) startStep(ctx context.Context, job *Job, k int, s Step, in *store.InFlight) (map[string]string, error) {
	if !s.guarded() {
		return nil, w.outbox.MarkSending(ctx, job.ID, k, s.Name)
	}
	if in != nil && in.Step == k {
		if s.Blind {
			return nil, w.park(ctx, job.ID, in, nil)
		}
		job.StepName = s.Name
		vals, err := s.Reconcile(ctx, job)
		if err != nil {
			return nil, fmt.Errorf("check whether the backend already has the %s sent %s: %w", s.Name, in.At.Local().Format(time.DateTime), err)
		}
		if vals != nil {
			w.opts.Logger.InfoContext(ctx, "sync: a lost answer was found at the backend", "enrolment", store.ShortID(job.ID), "step", s.Name)
			return vals, nil
		}
	}
	return nil, w.outbox.MarkInFlight(ctx, job.ID, k, s.Name, s.Sends)
}

// endStep settles the in-flight mark of a guarded step that failed with err: cleared
// when the failure says nothing was created (a refusal, a "try later", nothing sent
// before the context ended); kept when the outcome is unknown, so the next attempt
// reconciles, or, for a Blind step, parked at once.
func (w *Worker) endStep(ctx context.Context, job *Job, k int, s Step, err error) error {
	if !s.guarded() {
		return err
	}
	unknown := errors.Is(err, api.ErrAmbiguous) || (ctx.Err() != nil && job.sent.Load() > 0)
	if !unknown {
		if cerr := w.outbox.ClearInFlight(context.WithoutCancel(ctx), job.ID); cerr != nil {
			return errors.Join(err, cerr)
		}
		return err
	}
	if s.Blind && ctx.Err() == nil {
		return w.park(ctx, job.ID, &store.InFlight{Step: k, Name: s.Name, What: s.Sends, At: w.opts.Now()}, err)
	}
	return err
}

// park moves the enrolment to store.Reconcile and returns ErrNeedsReconciliation. cause,
// when known, is why the answer was lost; the reason keeps it for the operator.
func (w *Worker) park(ctx context.Context, id string, in *store.InFlight, cause error) error {
	lost := "its answer was lost"
	if cause != nil {
		lost += " (" + cause.Error() + ")"
	}
	reason := fmt.Sprintf("needs reconciliation: %s was sent at %s and %s; the backend may hold it (enrolctl queue reconcile %s --request-pk N, or --create-new)",
		in.What, in.At.Local().Format(time.DateTime), lost, store.ShortID(id))
	if err := w.outbox.NeedsReconciliation(context.WithoutCancel(ctx), id, reason); err != nil {
		return err
	}
	w.opts.Logger.WarnContext(ctx, "sync: enrolment needs reconciliation", "enrolment", store.ShortID(id), "step", in.Name)
	return fmt.Errorf("%w (step %s)", ErrNeedsReconciliation, in.Name)
}

package sync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	stdsync "sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// ErrNoProfile means an enrolment names a profile the worker was not given.
var ErrNoProfile = errors.New("no backend profile configured for this enrolment")

// Options configures a Worker.
type Options struct {
	// Profiles by name; an enrolment's Profile field selects one, empty selects Default.
	Profiles map[string]Profile
	// Default is the profile of enrolments that name none.
	Default string
	// PollInterval is the wait between status polls when the backend gives none (default 5s).
	PollInterval time.Duration
	// MaxPollWait caps the wait between polls of a long review (default 10 min): the
	// wait grows to a tenth of the time already spent waiting, so a review of hours does
	// not cost a request every few seconds per enrolment on a field agent's mobile data.
	MaxPollWait time.Duration
	// MaxPollRate caps the status polls of enrolments the backend is still reviewing, all
	// of them together, per second (default 2): a backlog of thousands under review is
	// polled at this rate, not at a rate that grows with their number.
	MaxPollRate float64
	// Idle bounds the wait between passes when nothing wakes the worker (default 30s).
	Idle time.Duration
	// Concurrency is how many enrolments one pass delivers at the same time (default 1):
	// over a link with long round trips, a few in flight keep it busy. OnEvent is still
	// called from one goroutine at a time.
	Concurrency int
	// Batch is how many due entries one pass takes (default 100).
	Batch int
	// StartJitter spreads a fleet coming back online: Run and Drain wait a random time
	// in [0, StartJitter) before their first pass. Zero starts at once.
	StartJitter time.Duration
	// OnEvent receives progress and state events, on the worker's goroutine (those of
	// Pause and Resume on their caller's): it must not block (the UI hands them to
	// fyne.Do). It is never called with the worker's lock held, so it may call back into
	// the worker.
	OnEvent func(Event)
	// AuthRetry is the first wait before a profile whose credentials the backend refused
	// (401, 403, a refused billing account) is tried again; it doubles up to 30 min
	// (default 1 min). The profile is paused meanwhile; the others go on.
	AuthRetry time.Duration
	// Rebuild, when set, builds the profiles again from the configuration (credentials
	// resolved anew); the worker calls it before trying a paused profile again, so a fixed
	// credential file or keyring entry is picked up without a restart.
	Rebuild func(ctx context.Context) (map[string]Profile, string, error)
	// Logger receives operational messages; nil uses slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
}

// Worker delivers due outbox entries. Run it in one goroutine; SyncNow, Pause and Resume
// may be called from any goroutine.
type Worker struct {
	outbox Outbox
	opts   Options
	wake   chan struct{}
	emitMu stdsync.Mutex // OnEvent is called from one goroutine at a time

	mu         stdsync.Mutex
	paused     bool
	cancelPass context.CancelFunc
	resumed    chan struct{}
	auth       map[string]*authPause // profiles paused on refused credentials
	pollSlot   time.Time             // the next free slot for a status poll (MaxPollRate)
	generation int                   // counts Reconfigure calls: older refusals do not pause
}

// NewWorker returns a worker over outbox.
func NewWorker(outbox Outbox, opts Options) *Worker {
	if opts.PollInterval <= 0 {
		opts.PollInterval = 5 * time.Second
	}
	if opts.Idle <= 0 {
		opts.Idle = 30 * time.Second
	}
	if opts.MaxPollWait <= 0 {
		opts.MaxPollWait = 10 * time.Minute
	}
	if opts.Batch <= 0 {
		opts.Batch = 100
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 1
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxPollRate <= 0 {
		opts.MaxPollRate = 2
	}
	if opts.AuthRetry <= 0 {
		opts.AuthRetry = time.Minute
	}
	return &Worker{outbox: outbox, opts: opts, wake: make(chan struct{}, 1), resumed: make(chan struct{}), auth: map[string]*authPause{}}
}

func (w *Worker) emit(e Event) {
	if w.opts.OnEvent != nil {
		w.emitMu.Lock()
		defer w.emitMu.Unlock()
		w.opts.OnEvent(e)
	}
}

// SyncNow wakes the worker to look for due enrolments at once (a newly sealed one, or
// the network coming back). It does not override a backend's Retry-After: to retry one
// enrolment at once, the queue screen calls the store's Retry first.
func (w *Worker) SyncNow() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Pause stops the worker promptly: a request in flight is abandoned (it is resent with
// the same Idempotency-Key on resume) and no new one starts until Resume.
// OnEvent hears of it after the worker's lock is released, so it may call back into the
// worker (Paused, Resume).
func (w *Worker) Pause() {
	w.mu.Lock()
	if w.paused {
		w.mu.Unlock()
		return
	}
	w.paused = true
	if w.cancelPass != nil {
		w.cancelPass()
	}
	w.mu.Unlock()
	w.emit(Event{Kind: EventWorker, Worker: WorkerPaused})
}

// Resume lets a paused worker go on. OnEvent hears of it after the worker's lock is
// released, as for Pause.
func (w *Worker) Resume() {
	w.mu.Lock()
	if !w.paused {
		w.mu.Unlock()
		return
	}
	w.paused = false
	close(w.resumed)
	w.resumed = make(chan struct{})
	w.mu.Unlock()
	w.emit(Event{Kind: EventWorker, Worker: WorkerIdle})
}

// Paused reports whether the worker is paused.
func (w *Worker) Paused() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.paused
}

// Run delivers due enrolments until ctx ends, and returns nil. A profile whose
// credentials the backend refuses is paused (event auth-failed with the backend's reason)
// and tried again on a slow backoff or after Reconfigure; the others go on.
func (w *Worker) Run(ctx context.Context) error {
	defer w.emit(Event{Kind: EventWorker, Worker: WorkerStopped})
	if err := w.startJitter(ctx); err != nil {
		return nil
	}
	for ctx.Err() == nil {
		if !w.waitResumed(ctx) {
			break
		}
		if _, err := w.pass(ctx); err != nil && ctx.Err() == nil && !w.Paused() {
			w.opts.Logger.WarnContext(ctx, "sync: pass failed", "err", err)
		}
		w.sleepUntilDue(ctx)
	}
	return nil
}

// startJitter waits the random start delay.
func (w *Worker) startJitter(ctx context.Context) error {
	if w.opts.StartJitter <= 0 {
		return nil
	}
	return clock.Sleep(ctx, time.Duration(rand.Int64N(int64(w.opts.StartJitter))))
}

func (w *Worker) waitResumed(ctx context.Context) bool {
	w.mu.Lock()
	paused, ch := w.paused, w.resumed
	w.mu.Unlock()
	if !paused {
		return true
	}
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	}
}

// sleepUntilDue waits until the earliest pending entry is due, a wake-up, or Idle.
func (w *Worker) sleepUntilDue(ctx context.Context) {
	_, wait, _ := w.pending(ctx) // a failed read waits Idle: the next pass says why
	if wait <= 0 {
		return
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-w.wake:
	case <-t.C:
	}
}

// pending returns the entries the worker still has work on (store.Pending) and the wait
// until the earliest of them is due: zero when one is due now, Idle at most (and when
// ctx has ended). It reads the store's index, in memory, so that it costs no decryption
// however long the backlog. An entry the store cannot read is not in the index: the
// worker cannot send it, and the queue screen and enrolctl report it.
func (w *Worker) pending(ctx context.Context) ([]store.Meta, time.Duration, error) {
	if err := ctx.Err(); err != nil {
		return nil, w.opts.Idle, err
	}
	var entries []store.Meta
	for _, m := range w.outbox.Index() {
		if m.State.Pending() {
			entries = append(entries, m)
		}
	}
	wait, now := w.opts.Idle, w.opts.Now()
	for _, e := range entries {
		if until, held := w.heldBack(w.profileOf(e.Profile), now); held {
			wait = min(wait, until.Sub(now)) // its profile's credentials were refused
			continue
		}
		if e.Due(now) {
			return entries, 0, nil
		}
		wait = min(wait, e.NextAttempt.Sub(now))
	}
	return entries, wait, nil
}

// Summary counts what one pass did.
type Summary struct {
	// Worked is the number of due enrolments the pass took.
	Worked int
	// Delivered, Confirmed and Rejected count transitions made in the pass.
	Delivered, Confirmed, Rejected int
	// Waiting counts enrolments left for later (backoff, backend still reviewing).
	Waiting int
	// Reconcile counts enrolments parked for an operator to reconcile (a lost answer
	// where the backend cannot be asked).
	Reconcile int
}

// Pass works once on every enrolment due now and returns what it did. enrolctl sync
// --once uses it; Run calls it in a loop.
func (w *Worker) Pass(ctx context.Context) (Summary, error) { return w.pass(ctx) }

func (w *Worker) pass(ctx context.Context) (Summary, error) {
	var sum Summary
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w.mu.Lock()
	if w.paused {
		w.mu.Unlock()
		return sum, nil
	}
	w.cancelPass = cancel
	w.mu.Unlock()
	defer func() { w.mu.Lock(); w.cancelPass = nil; w.mu.Unlock() }()

	due, err := w.outbox.Due(pctx, w.opts.Batch)
	if err != nil {
		return sum, fmt.Errorf("read the queue: %w", err)
	}
	if len(due) > 0 {
		w.emit(Event{Kind: EventWorker, Worker: WorkerSyncing})
		defer w.emit(Event{Kind: EventWorker, Worker: WorkerIdle})
	}
	rebuilt := false
	var mu stdsync.Mutex
	var wg stdsync.WaitGroup
	slots := make(chan struct{}, w.opts.Concurrency)
	one := func(e store.Entry, name string, trial bool) {
		gen := w.configGeneration()
		out, err := w.process(pctx, e)
		mu.Lock()
		sum.add(out)
		mu.Unlock()
		switch {
		case errors.Is(err, api.ErrAuth) && gen == w.configGeneration():
			w.pauseProfile(pctx, name, err) // not when the credentials changed meanwhile
		case errors.Is(err, api.ErrAuth):
		case trial && pctx.Err() == nil:
			w.unpauseProfile(name)
		}
	}
	for _, e := range due {
		if pctx.Err() != nil {
			break
		}
		slots <- struct{}{} // a free slot first: an entry in flight may pause its profile
		name, now := w.profileName(e), w.opts.Now()
		if _, held := w.heldBack(name, now); held {
			<-slots
			mu.Lock()
			sum.Waiting++
			mu.Unlock()
			continue
		}
		mu.Lock()
		sum.Worked++
		mu.Unlock()
		if trial := w.trialDue(name, now); trial {
			// A trial of credentials that were refused goes alone, and decides for the rest.
			wg.Wait()
			if !rebuilt {
				w.rebuild(pctx)
				rebuilt = true
			}
			one(e, name, true)
			<-slots
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			one(e, name, false)
		})
	}
	wg.Wait()
	return sum, pctx.Err()
}

// outcome is what processing one entry ended with.
type outcome int

const (
	outWaiting outcome = iota
	outDelivered
	outConfirmed
	outRejected
	outReconcile
)

func (s *Summary) add(o outcome) {
	switch o {
	case outConfirmed:
		s.Delivered++
		s.Confirmed++
	case outDelivered:
		s.Delivered++
		s.Waiting++
	case outRejected:
		s.Rejected++
	case outReconcile:
		s.Reconcile++
	default:
		s.Waiting++
	}
}

// profileName is the name of the profile that delivers e.
func (w *Worker) profileName(e store.Entry) string { return w.profileOf(e.Profile) }

// profileOf returns profile, or the default profile when it is empty.
func (w *Worker) profileOf(profile string) string {
	if profile != "" {
		return profile
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.opts.Default
}

func (w *Worker) profileFor(e store.Entry) (Profile, error) {
	name := w.profileName(e)
	w.mu.Lock()
	p, ok := w.opts.Profiles[name]
	w.mu.Unlock()
	if ok {
		return p, nil
	}
	return nil, fmt.Errorf("%w: %q (set profile in the configuration)", ErrNoProfile, name)
}

// process runs the remaining steps of e, then polls for its status.
func (w *Worker) process(ctx context.Context, e store.Entry) (outcome, error) {
	p, err := w.profileFor(e)
	if err != nil {
		return w.failed(ctx, e, "", err)
	}
	rec, err := w.outbox.Get(ctx, e.ID)
	if err != nil {
		return w.failed(ctx, e, "", fmt.Errorf("read the enrolment: %w", err))
	}
	ctx = api.WithManifest(ctx, rec.Manifest, rec.ManifestSig) // every request of this delivery carries it
	job := &Job{ID: e.ID, Record: rec, Results: maps.Clone(e.Results), outbox: w.outbox, progress: w.progressFn(e.ID)}
	delivered := false
	if e.State != store.Delivered {
		steps := p.Steps()
		for k := e.Step; k < len(steps); k++ {
			if err := w.runStep(ctx, job, k, steps[k], e.InFlight); err != nil {
				return w.failed(ctx, e, steps[k].Name, err)
			}
		}
		if err := w.outbox.MarkDelivered(ctx, e.ID); err != nil {
			return outWaiting, err
		}
		delivered = true
		w.emit(Event{Kind: EventState, Enrolment: e.ID, State: store.Delivered})
	}
	o, err := w.poll(ctx, p, job, e)
	if delivered && o == outWaiting && err == nil {
		o = outDelivered
	}
	return o, err
}

func (w *Worker) runStep(ctx context.Context, job *Job, k int, s Step, in *store.InFlight) error {
	vals, err := w.startStep(ctx, job, k, s, in)
	if err != nil {
		return err
	}
	if vals == nil {
		job.StepName = s.Name
		job.sent.Store(0)
		if vals, err = s.Run(ctx, job); err != nil {
			return w.endStep(ctx, job, k, s, err)
		}
	}
	if len(vals) == 0 {
		vals = map[string]string{s.Name: "done"}
	}
	// Saved with the context's cancellation ignored: the answer arrived, and losing it
	// now would make the next run send the step again.
	if err := w.outbox.SaveStepResult(context.WithoutCancel(ctx), job.ID, k+1, vals); err != nil {
		return fmt.Errorf("save the result of step %s: %w", s.Name, err)
	}
	job.merge(vals)
	w.emit(Event{Kind: EventStep, Enrolment: job.ID, Step: s.Name, StepIndex: k})
	return nil
}

func (w *Worker) poll(ctx context.Context, p Profile, job *Job, e store.Entry) (outcome, error) {
	job.StepName = "status"
	st, err := p.Poll(ctx, job)
	if err != nil {
		return w.failed(ctx, e, "status", err)
	}
	switch {
	case !st.Final:
		return w.failed(ctx, e, "status", &NotReady{Status: st.Name, After: w.opts.PollInterval})
	case st.Accepted:
		if err := w.outbox.MarkConfirmed(ctx, e.ID); err != nil {
			return outWaiting, err
		}
		w.emit(Event{Kind: EventState, Enrolment: e.ID, State: store.Confirmed})
		return outConfirmed, nil
	}
	return w.failed(ctx, e, "status", &Refused{Reason: st.Name + ": " + st.Reason})
}

func (w *Worker) progressFn(id string) func(step string, sent, total int64) {
	return func(step string, sent, total int64) {
		w.emit(Event{Kind: EventProgress, Enrolment: id, Step: step, Sent: sent, Total: total})
	}
}

// failed records what a failed step means for the entry and says whether the worker
// must stop (auth) by returning the error.
func (w *Worker) failed(ctx context.Context, e store.Entry, step string, err error) (outcome, error) {
	if ctx.Err() != nil {
		return outWaiting, ctx.Err() // abandoned, not failed: resumes with the same key
	}
	now := w.opts.Now()
	msg := err.Error()
	if step != "" {
		msg = "step " + step + ": " + msg
	}
	var nr *NotReady
	var rf *Refused
	var se *api.StatusError
	switch {
	case errors.Is(err, ErrNeedsReconciliation):
		w.emit(Event{Kind: EventState, Enrolment: e.ID, Step: step, State: store.Reconcile, Err: msg})
		return outReconcile, nil
	case errors.As(err, &nr):
		return outWaiting, w.waitLater(ctx, e, step, nr, w.pollAt(now.Add(w.pollWait(e, nr.After, now))))
	case errors.As(err, &rf), errors.Is(err, api.ErrRejected):
		if rerr := w.outbox.Reject(ctx, e.ID, msg); rerr != nil {
			return outWaiting, rerr
		}
		w.opts.Logger.InfoContext(ctx, "sync: enrolment rejected", "enrolment", store.ShortID(e.ID), "step", step)
		w.emit(Event{Kind: EventState, Enrolment: e.ID, Step: step, State: store.Rejected, Err: msg})
		return outRejected, nil
	case errors.Is(err, api.ErrAuth):
		// Due again at once, but held back by its profile's pause (pass, pending): the pause
		// decides when it goes, and Reconfigure lets it go at once.
		_ = w.retryLater(ctx, e, step, msg, now, backendReason(err))
		return outWaiting, err
	case errors.As(err, &se) && !se.RetryAt.IsZero():
		return outWaiting, w.retryLater(ctx, e, step, msg, se.RetryAt, se.Message)
	}
	// Anything else (evidence unreadable, an answer we cannot parse): keep the entry and
	// back off; the operator sees the message on the queue screen.
	next := now.Add(max(retry.Default.Backoff(e.Attempts+1), 5*time.Second))
	w.opts.Logger.WarnContext(ctx, "sync: step failed", "enrolment", store.ShortID(e.ID), "step", step, "err", err)
	return outWaiting, w.retryLater(ctx, e, step, msg, next, "")
}

func (w *Worker) retryLater(ctx context.Context, e store.Entry, step, msg string, at time.Time, backendMsg string) error {
	if err := w.outbox.RecordAttempt(ctx, e.ID, msg, at); err != nil {
		return err
	}
	w.emit(Event{Kind: EventRetry, Enrolment: e.ID, Step: step, Err: msg, RetryAt: at, BackendMsg: backendMsg})
	return nil
}

// pollWait is the wait before asking again about an entry the backend is still working
// on: the profile's wait at first, then a tenth of the time already waited, capped at
// MaxPollWait (and never shorter than the profile asked).
func (w *Worker) pollWait(e store.Entry, asked time.Duration, now time.Time) time.Duration {
	if e.WaitingSince.IsZero() {
		return asked
	}
	return max(asked, min(now.Sub(e.WaitingSince)/10, w.opts.MaxPollWait))
}

// pollAt returns the time of the next poll, at or after at, keeping all polls together
// under MaxPollRate: each takes the next free slot, slots 1/MaxPollRate apart.
func (w *Worker) pollAt(at time.Time) time.Time {
	gap := time.Duration(float64(time.Second) / w.opts.MaxPollRate)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pollSlot.Before(at) {
		w.pollSlot = at
	}
	slot := w.pollSlot
	w.pollSlot = slot.Add(gap)
	return slot
}

// waitLater records that the backend is still working on the entry (a review): the next
// poll is set without counting a failure, so the queue screen shows no growing attempts.
func (w *Worker) waitLater(ctx context.Context, e store.Entry, step string, nr *NotReady, at time.Time) error {
	name := step
	if nr.Status != "" {
		name += " (" + nr.Status + ")"
	}
	if err := w.outbox.Postpone(ctx, e.ID, name, at); err != nil {
		return err
	}
	w.emit(Event{Kind: EventRetry, Enrolment: e.ID, Step: step, Err: nr.Error(), RetryAt: at})
	return nil
}

// SetStartJitter changes Options.StartJitter before Run or Drain starts.
func (w *Worker) SetStartJitter(d time.Duration) { w.opts.StartJitter = d }

package sync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// AuthPausedError is what Drain returns when everything left waits on profiles whose
// credentials the backend refused. It wraps api.ErrAuth; Reason is the backend's word.
type AuthPausedError struct {
	// Profile is the paused profile; Reason the backend's refusal (step, status, message).
	Profile, Reason string
	// Next is when the credentials are tried again.
	Next time.Time
}

func (e *AuthPausedError) Error() string {
	return fmt.Sprintf("sending to %s is paused: the backend refused the credentials (%s); fix them in the configuration (Settings), the enrolments stay queued", e.Profile, e.Reason)
}

// Unwrap returns api.ErrAuth.
func (e *AuthPausedError) Unwrap() error { return api.ErrAuth }

// authPause is a profile held back after its credentials were refused.
type authPause struct {
	reason   string
	since    time.Time
	next     time.Time
	failures int
}

// AuthPause describes a paused profile, for the status bar and the queue screen.
type AuthPause struct {
	Profile, Reason string
	Since, Next     time.Time
}

// AuthPauses lists the profiles paused on refused credentials.
func (w *Worker) AuthPauses() []AuthPause {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]AuthPause, 0, len(w.auth))
	for name, p := range w.auth {
		out = append(out, AuthPause{Profile: name, Reason: p.reason, Since: p.since, Next: p.next})
	}
	return out
}

// authBackoff is the slow backoff of a profile whose credentials keep being refused (an
// auth outage on the backend's side, or credentials nobody fixed): 1 min, doubling, at
// most 30 min.
func (w *Worker) authBackoff(failures int) time.Duration {
	d := w.opts.AuthRetry
	for i := 1; i < failures && d < 30*time.Minute; i++ {
		d *= 2
	}
	return min(d, max(30*time.Minute, w.opts.AuthRetry))
}

// pauseProfile holds profile back after a refusal of its credentials (err).
func (w *Worker) pauseProfile(ctx context.Context, profile string, err error) {
	now := w.opts.Now()
	w.mu.Lock()
	p := w.auth[profile]
	if p == nil {
		p = &authPause{since: now}
		w.auth[profile] = p
	}
	p.failures++
	p.reason = backendReason(err)
	p.next = now.Add(w.authBackoff(p.failures))
	ev := Event{Kind: EventWorker, Worker: WorkerAuthFailed, Profile: profile, Err: p.reason, RetryAt: p.next}
	w.mu.Unlock()
	w.opts.Logger.WarnContext(ctx, "sync: credentials refused; profile paused", "profile", profile, "retry_at", p.next)
	w.emit(ev)
}

// unpauseProfile ends a profile's pause: a request of it went through, or the
// configuration changed.
func (w *Worker) unpauseProfile(profile string) {
	w.mu.Lock()
	_, was := w.auth[profile]
	delete(w.auth, profile)
	w.mu.Unlock()
	if was {
		w.emit(Event{Kind: EventWorker, Worker: WorkerIdle, Profile: profile})
	}
}

// heldBack reports whether entries of profile wait on refused credentials at now, and
// until when.
func (w *Worker) heldBack(profile string, now time.Time) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.auth[profile]
	if p == nil || !now.Before(p.next) {
		return time.Time{}, false
	}
	return p.next, true
}

// trialDue reports whether profile is paused and its slow retry is due: the profiles are
// then rebuilt (credentials resolved again) before the trial.
func (w *Worker) trialDue(profile string, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.auth[profile]
	return p != nil && !now.Before(p.next)
}

// allHeldBack returns an *AuthPausedError when every pending entry waits on refused
// credentials, else nil.
func (w *Worker) allHeldBack(pending []store.Meta) error {
	if len(pending) == 0 {
		return nil
	}
	now := w.opts.Now()
	for _, e := range pending {
		if _, held := w.heldBack(w.profileOf(e.Profile), now); !held {
			return nil
		}
	}
	name := w.profileOf(pending[0].Profile)
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.auth[name]
	return &AuthPausedError{Profile: name, Reason: p.reason, Next: p.next}
}

// backendReason is the refusal as the operator should read it: the backend's own
// message when it gave one.
func backendReason(err error) string {
	var se *api.StatusError
	if errors.As(err, &se) {
		if se.Message != "" {
			return fmt.Sprintf("%s %s: HTTP %d: %s", se.Method, se.Path, se.Status, se.Message)
		}
		return se.Error()
	}
	return err.Error()
}

// Reconfigure replaces the profiles (the configuration or the credentials changed: the
// app reloaded them) and ends every pause on refused credentials, so that sending resumes
// at once without a restart.
func (w *Worker) Reconfigure(profiles map[string]Profile, def string) {
	w.mu.Lock()
	w.opts.Profiles, w.opts.Default = profiles, def
	w.generation++
	paused := make([]string, 0, len(w.auth))
	for name := range w.auth {
		paused = append(paused, name)
	}
	w.mu.Unlock()
	for _, name := range paused {
		w.unpauseProfile(name)
	}
	w.SyncNow()
}

// rebuild resolves the profiles again before a trial of a paused one (a credential file
// or keyring entry may have been fixed without the configuration changing).
func (w *Worker) rebuild(ctx context.Context) {
	if w.opts.Rebuild == nil {
		return
	}
	profiles, def, err := w.opts.Rebuild(ctx)
	if err != nil {
		w.opts.Logger.WarnContext(ctx, "sync: the configuration cannot be used", "err", err)
		return
	}
	w.mu.Lock()
	w.opts.Profiles, w.opts.Default = profiles, def
	w.mu.Unlock()
}

// configGeneration returns how many times the worker was reconfigured: a refusal of a
// request that started before a Reconfigure says nothing of the new credentials.
func (w *Worker) configGeneration() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.generation
}

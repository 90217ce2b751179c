package sync

import (
	"context"
	"fmt"
	"time"
)

// Step is one API call (or a short sequence of calls) of a profile. Run returns the
// values to save in the store (at least one); they are saved before the next step runs.
type Step struct {
	Name string
	Run  func(ctx context.Context, j *Job) (map[string]string, error)
	// Reconcile, when set, guards a step whose resend the backend would take as a second
	// request: before the step is sent again after a request of it went out without its
	// answer being seen (store.Entry.InFlight), Reconcile asks the backend. It returns the
	// step's values when the backend already holds the request, nil when it does not (the
	// step is then sent), or an error (tried again later).
	Reconcile func(ctx context.Context, j *Job) (map[string]string, error)
	// Blind guards a step whose request the backend offers no way to look up (a One-Shot
	// create, a Signal sign): a lost answer parks the enrolment in store.Reconcile for an
	// operator instead of sending the request a second time.
	Blind bool
	// Sends says what the step's request is, for the operator who reconciles it.
	Sends string
}

// guarded reports whether the step's request is marked in flight before it leaves.
func (s Step) guarded() bool { return s.Blind || s.Reconcile != nil }

// Status is the backend's verdict on a delivered enrolment.
type Status struct {
	// Name is the backend's status (ENROLLREADY, VIDEOREVIEW...), for display.
	Name string
	// Final is true once the backend has decided.
	Final bool
	// Accepted is true when the final decision is acceptance.
	Accepted bool
	// Reason is the backend's explanation of a refusal.
	Reason string
}

// Profile turns an enrolment into API steps and polls the backend's verdict.
type Profile interface {
	// Name is the profile's configuration name.
	Name() string
	// Steps are run in order; their index is the outbox entry's step.
	Steps() []Step
	// Poll asks the backend for the enrolment's status after every step was delivered.
	Poll(ctx context.Context, j *Job) (Status, error)
}

// NotReady is returned by a step or a poll when the backend is not yet where the step
// needs it (for example a request still being processed before it can be approved). It
// is not a failure: the worker tries again after After.
type NotReady struct {
	// Status is the backend's current status, shown to the operator.
	Status string
	// After is how long to wait before asking again.
	After time.Duration
}

func (e *NotReady) Error() string {
	return fmt.Sprintf("waiting for the backend: status %s, asking again in %v", e.Status, e.After)
}

// Refused is returned by a step or a poll when the backend has refused the enrolment
// for good (a failed security check, a cancelled request): it goes to rejected.
type Refused struct {
	Reason string
}

func (e *Refused) Error() string { return "the backend refused the enrolment: " + e.Reason }

// WithSteps returns p with extra steps appended (the biometric step after any profile).
func WithSteps(p Profile, extra ...Step) Profile {
	if len(extra) == 0 {
		return p
	}
	return &extended{Profile: p, extra: extra}
}

type extended struct {
	Profile
	extra []Step
}

func (e *extended) Steps() []Step {
	return append(append([]Step(nil), e.Profile.Steps()...), e.extra...)
}

package sync

import (
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// EventKind says what an Event reports.
type EventKind string

// Event kinds.
const (
	// EventProgress: bytes of a step's request sent so far (Sent of Total).
	EventProgress EventKind = "progress"
	// EventStep: a step finished and its result was saved.
	EventStep EventKind = "step"
	// EventState: the enrolment's outbox state changed (delivered, confirmed, rejected).
	EventState EventKind = "state"
	// EventRetry: a step failed for now, or the backend is still reviewing the enrolment;
	// Err says why, RetryAt when it goes again.
	EventRetry EventKind = "retry"
	// EventWorker: the worker itself changed (running, paused, stopped, auth failure).
	EventWorker EventKind = "worker"
)

// Event tells the UI and enrolctl what the worker is doing. It carries ids, step names,
// sizes and the backend's messages, never evidence or credentials.
type Event struct {
	Kind EventKind
	// Profile names the profile a worker event is about (a pause on refused credentials).
	Profile    string
	Enrolment  string
	Step       string
	StepIndex  int
	Sent       int64
	Total      int64
	State      store.State
	Worker     WorkerState
	Err        string
	RetryAt    time.Time
	BackendMsg string
}

// WorkerState is the worker's own state.
type WorkerState string

// Worker states.
const (
	WorkerIdle    WorkerState = "idle"
	WorkerSyncing WorkerState = "syncing"
	WorkerPaused  WorkerState = "paused"
	WorkerStopped WorkerState = "stopped"
	// WorkerAuthFailed: the backend refused the credentials of Event.Profile (Err says
	// why, RetryAt when they are tried again); that profile is paused, the others go on.
	WorkerAuthFailed WorkerState = "auth-failed"
)

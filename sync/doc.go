// Package sync delivers sealed enrolments from the store's outbox to the backend, each
// exactly once, through bad networks and rate limits.
//
// A backend Profile (sync/oneshot, sync/signal, sync/people, optionally followed by the
// sync/biometric step) turns an enrolment into an ordered list of Steps. The Worker runs
// the steps of every due enrolment in order, saves each step's result in the store the
// moment it arrives, resumes after a restart at the next step, then polls the backend
// until a final status and marks the enrolment confirmed or rejected. Requests carry an
// Idempotency-Key derived from the enrolment and the step, so a request whose answer was
// lost is recognised when it is sent again; where a backend may not honour the key, the
// step checks the backend's state before creating anything again.
//
// The HTTP layer (headers, retries, circuit breaking, auth refresh, streamed bodies)
// lives in sync/api; sync/agent wires a Worker from the configuration.
package sync

package store

import (
	"slices"
	"time"
)

// State is where an enrolment is in its delivery.
type State string

// Outbox states: queued -> sending(step) -> delivered -> confirmed -> purged, plus
// rejected (the backend refused it: needs the operator) and held (an operator paused it).
const (
	Queued    State = "queued"
	Sending   State = "sending"
	Delivered State = "delivered"
	Confirmed State = "confirmed"
	Rejected  State = "rejected"
	Held      State = "held"
	// Reconcile: a request of a step the backend cannot be asked about (a One-Shot create,
	// a Signal sign) may have reached it without its answer being seen. The worker leaves
	// the entry alone until an operator attaches the request the backend has
	// (DB.Reconcile) or accepts a second one (DB.ReconcileCreateNew). Entry.InFlight says
	// what was sent and when.
	Reconcile State = "needs-reconciliation"
	// Superseded: a rejected enrolment whose amended version (DB.Amend) was confirmed; it
	// is kept for the retention period, then purged like a confirmed one.
	Superseded State = "superseded"
	Purged     State = "purged"
)

// Pending returns the states in which the sync worker still has work to do on an
// enrolment (queued, sending, delivered), in delivery order; a new slice each call, to
// use as a Filter's States.
func Pending() []State { return []State{Queued, Sending, Delivered} }

// Pending reports whether s is one of Pending(): the sync worker still has work to do.
func (s State) Pending() bool { return slices.Contains(Pending(), s) }

// States lists every state in display order.
var States = []State{Queued, Sending, Delivered, Confirmed, Rejected, Reconcile, Held, Superseded, Purged}

// Entry is an enrolment's outbox record: its state and what the sync worker has learnt.
// It holds no applicant data, but is stored encrypted because a backend's reason may.
type Entry struct {
	ID      string `json:"id"`
	Profile string `json:"profile"`
	State   State  `json:"state"`
	// Step is the index of the step reached (0 before the first); StepName names it.
	Step     int    `json:"step"`
	StepName string `json:"step_name,omitempty"`
	// Results are the values backends returned (request_pk, videoid_pk, sign ids...).
	Results map[string]string `json:"results,omitempty"`
	// Attempts counts failed attempts since the last success or operator retry.
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	NextAttempt time.Time `json:"next_attempt"`
	// WaitingSince is when the backend first answered "not yet" (a review in progress)
	// for the current step or status; zero when not waiting. The worker polls less often
	// the longer the wait lasts.
	WaitingSince time.Time `json:"waiting_since,omitzero"`
	// Reason is the backend's message when it rejected the enrolment.
	Reason string `json:"reason,omitempty"`
	// InFlight, when set, is a request that went out for a step without its answer being
	// seen yet (kept durably before the request leaves, cleared by its answer): the next
	// attempt of that step reconciles first, or the entry goes to Reconcile.
	InFlight *InFlight `json:"in_flight,omitempty"`
	// Amends and AmendedBy link the versions of an amended enrolment (DB.Amend): the new
	// version names the rejected one it corrects, and the rejected one its correction.
	Amends    string `json:"amends,omitempty"`
	AmendedBy string `json:"amended_by,omitempty"`
	// HeldFrom is the state to return to when an operator releases a held entry.
	HeldFrom      State     `json:"held_from,omitempty"`
	EvidenceBytes int64     `json:"evidence_bytes"`
	Sealed        time.Time `json:"sealed"`
	Updated       time.Time `json:"updated"`
	Confirmed     time.Time `json:"confirmed,omitzero"`
}

// ShortID returns the entry's id shortened for display.
func (e *Entry) ShortID() string { return ShortID(e.ID) }

// clockSetBack is how far before the entry's last change now may be before Due takes
// it that the machine's clock was set back.
const clockSetBack = time.Minute

// Due reports whether the sync worker should work on the entry at now. An entry last
// changed later than now (by more than a minute) is due as well: the machine's clock
// was set back since (a field laptop whose clock ran ahead while offline, corrected on
// reconnecting), and a wait computed on the old clock would otherwise park the entry
// for as long as the clock had been wrong.
func (e *Entry) Due(now time.Time) bool { return due(e.State, e.NextAttempt, e.Updated, now) }

// due is Entry.Due and Meta.Due: pending, and its next attempt reached or its last
// change ahead of the clock.
func due(s State, next, updated, now time.Time) bool {
	return s.Pending() && (!now.Before(next) || updated.After(now.Add(clockSetBack)))
}

// Change is sent to watchers after a committed change to an entry.
type Change struct {
	ID    string
	State State
	Step  int
}

// InFlight describes a request sent without its answer seen: enough for an operator to
// find it at the backend.
type InFlight struct {
	// Step is the index of the step, Name its name.
	Step int    `json:"step"`
	Name string `json:"name"`
	// What says what was sent ("POST /api/v1/videoid: a video identification request").
	What string `json:"what"`
	// At is when the request went out.
	At time.Time `json:"at"`
}

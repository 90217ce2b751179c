package sync

import (
	"context"
	"fmt"
	"io"
	"maps"
	"sync/atomic"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// Job is what a step sees of one enrolment: its record, its outbox entry's saved
// results, and its evidence as re-openable streams.
type Job struct {
	// ID is the enrolment id (a random UUID).
	ID string
	// Record is the sealed enrolment (applicant data, acceptance, checks, evidence list).
	Record store.Enrolment
	// Results are the values saved by earlier steps (request_pk, sign ids...).
	Results map[string]string
	// StepName is the step being run.
	StepName string

	outbox   Outbox
	progress func(step string, sent, total int64)
	// sent counts body bytes read by the transport for the step being run: a request
	// abandoned before any left cannot have reached the backend.
	sent atomic.Int64
}

// Evidence returns a re-openable stream of the evidence of kind, read from the store
// chunk by chunk each time it is opened.
func (j *Job) Evidence(kind store.EvidenceKind) (body.Source, error) {
	ev, ok := j.Record.EvidenceOf(kind)
	if !ok {
		return body.Source{}, fmt.Errorf("enrolment %s has no %s evidence", store.ShortID(j.ID), kind)
	}
	return body.Source{Name: string(kind), Size: ev.Size, Open: func(ctx context.Context) (io.ReadCloser, error) {
		rc, _, err := j.outbox.OpenEvidence(ctx, j.ID, kind)
		return rc, err
	}}, nil
}

// HasEvidence reports whether the enrolment carries evidence of kind.
func (j *Job) HasEvidence(kind store.EvidenceKind) bool {
	_, ok := j.Record.EvidenceOf(kind)
	return ok
}

// Progress returns the progress callback for a request of this step.
func (j *Job) Progress() func(sent, total int64) {
	step := j.StepName
	return func(sent, total int64) {
		j.sent.Store(sent)
		if j.progress != nil {
			j.progress(step, sent, total)
		}
	}
}

// Result returns a value saved by an earlier step.
func (j *Job) Result(key string) string { return j.Results[key] }

func (j *Job) merge(v map[string]string) {
	if j.Results == nil {
		j.Results = map[string]string{}
	}
	maps.Copy(j.Results, v)
}

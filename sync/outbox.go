package sync

import (
	"context"
	"io"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// Outbox is what the worker needs from the store. *store.DB implements it; tests use a
// hand-written fake.
type Outbox interface {
	Due(ctx context.Context, limit int) ([]store.Entry, error)
	// Index is every entry's metadata, read from memory: what the worker schedules by
	// without decrypting the queue.
	Index() []store.Meta
	Get(ctx context.Context, id string) (store.Enrolment, error)
	OpenEvidence(ctx context.Context, id string, kind store.EvidenceKind) (io.ReadCloser, store.Evidence, error)
	MarkSending(ctx context.Context, id string, step int, name string) error
	MarkInFlight(ctx context.Context, id string, step int, name, what string) error
	ClearInFlight(ctx context.Context, id string) error
	NeedsReconciliation(ctx context.Context, id, reason string) error
	SaveStepResult(ctx context.Context, id string, step int, values map[string]string) error
	RecordAttempt(ctx context.Context, id string, errMsg string, next time.Time) error
	Postpone(ctx context.Context, id, name string, next time.Time) error
	MarkDelivered(ctx context.Context, id string) error
	MarkConfirmed(ctx context.Context, id string) error
	Reject(ctx context.Context, id, reason string) error
}

var _ Outbox = (*store.DB)(nil)

package store

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// EventConfigApplied is the audit event of a remote configuration applied by package
// fleet; its detail names the document's SHA-256 and where it came from, never a value.
const EventConfigApplied = "config_applied"

// Record appends an audit entry about no enrolment: an event of the installation itself
// (a remote configuration applied). detail must hold no personal data.
func (d *DB) Record(ctx context.Context, event, detail string) error {
	if event == "" {
		return fmt.Errorf("%w: an audit entry needs an event", ErrInvalid)
	}
	return d.update(ctx, func(tx *bolt.Tx) error {
		return d.appendAudit(tx, AuditEntry{Event: event, Detail: detail})
	})
}

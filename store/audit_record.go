package store

import (
	"context"
	"errors"

	bolt "go.etcd.io/bbolt"
)

// EventSettingsChanged is the audit event of a settings change made at the kiosk: its
// detail names the keys, their new values (never a secret) and how the change was
// authorised.
const EventSettingsChanged = "settings_changed"

// EventSettingsRefused is the audit event of a settings change refused because it needed
// an administrator: its detail names the keys and who tried (a reference, not a name).
const EventSettingsRefused = "settings_refused"

// RecordAudit appends an entry about the kiosk itself (no enrolment) to the audit log,
// chained like every other. event names it; detail must hold no personal data and no
// secret.
func (d *DB) RecordAudit(ctx context.Context, event, detail string) error {
	if event == "" {
		return errors.New("record an audit entry: no event")
	}
	return d.update(ctx, func(tx *bolt.Tx) error {
		return d.appendAudit(tx, AuditEntry{Event: event, Detail: detail})
	})
}

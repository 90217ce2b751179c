package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Audit events.
const (
	EventCreated    = "created"     // database created
	EventSealed     = "sealed"      // enrolment sealed
	EventSending    = "sending"     // sync reached a step
	EventStepResult = "step_result" // a step's result saved (names of the ids only)
	EventDelivered  = "delivered"
	EventConfirmed  = "confirmed"
	EventRejected   = "rejected"
	EventHeld       = "held"
	EventReleased   = "released"
	EventRetried    = "retried"
	EventPurged     = "purged"
	EventCompacted  = "compacted"
	EventExported   = "exported" // an enrolment's evidence written to a folder

	// EventNeedsReconciliation: a request's answer was lost where the backend cannot be
	// asked; the entry waits for an operator.
	EventNeedsReconciliation = "needs_reconciliation"
	// EventReconciled: an operator attached the request the backend already had.
	EventReconciled = "reconciled"
	// EventReconcileCreateNew: an operator accepted a second request at the backend.
	EventReconcileCreateNew = "reconcile_create_new"
	// EventAmended: a rejected enrolment was corrected; the detail names the new version
	// and what changed (field names and evidence kinds, never their values).
	EventAmended = "amended"
	// EventSuperseded: the correction of a rejected enrolment was confirmed.
	EventSuperseded = "superseded"

	// Events recorded with Record: no enrolment, and never a name or an ID number.
	EventLoginOnline     = "login_online"     // detail: the operator id
	EventLoginOffline    = "login_offline"    // detail: the operator id
	EventLoginFailed     = "login_failed"     // detail: online or offline (never the user name typed)
	EventSettingsChanged = "settings_changed" // detail: the keys changed with their new values (never a secret) and how the change was authorised
	EventSettingsRefused = "settings_refused" // detail: the keys and who tried (an operator reference, not a name)
	EventConfigApplied   = "config_applied"   // detail: a remote configuration's SHA-256 and where it came from (package fleet), never a value
	EventRekeyed         = "rekeyed"          // detail: the new key protection
)

// recordable are the events Record accepts.
var recordable = map[string]bool{EventLoginOnline: true, EventLoginOffline: true, EventLoginFailed: true,
	EventSettingsChanged: true, EventSettingsRefused: true, EventConfigApplied: true, EventRekeyed: true}

// AuditEntry is one line of the append-only audit log. It never holds personal data:
// only ids, states, step numbers, sizes and counts. MAC chains it to the entry before.
type AuditEntry struct {
	Seq       uint64    `json:"seq"`
	Time      time.Time `json:"time"`
	Event     string    `json:"event"`
	Enrolment string    `json:"enrolment,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	Prev      string    `json:"prev"` // MAC of the entry before, hex; "" for the first
	MAC       string    `json:"mac"`  // HMAC-SHA256 under the audit key of this entry with MAC ""
}

// mac computes the entry's chain MAC.
func (d *DB) auditMAC(e AuditEntry) string {
	e.MAC = ""
	b, _ := json.Marshal(e) // a struct of plain fields always marshals
	m := hmac.New(sha256.New, d.auditKey)
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil))
}

// appendAudit appends e to the log inside tx, filling Seq, Time, Prev and MAC.
func (d *DB) appendAudit(tx *bolt.Tx, e AuditEntry) error {
	b := tx.Bucket(bucketAudit)
	if k, v := b.Cursor().Last(); k != nil {
		var last AuditEntry
		if err := json.Unmarshal(v, &last); err != nil {
			return fmt.Errorf("%w: last audit entry: %v", ErrTampered, err)
		}
		e.Seq, e.Prev = last.Seq+1, last.MAC
	} else {
		e.Seq = 1
	}
	e.Time = d.now()
	e.MAC = d.auditMAC(e)
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := b.Put(binary.BigEndian.AppendUint64(nil, e.Seq), v); err != nil {
		return err
	}
	return d.putCheckpoint(tx, AuditHead{Seq: e.Seq, MAC: e.MAC})
}

// audit appends e to the log in its own transaction.
func (d *DB) audit(ctx context.Context, e AuditEntry) error {
	return d.update(ctx, func(tx *bolt.Tx) error { return d.appendAudit(tx, e) })
}

// Record appends an audit entry for an event outside an enrolment's life: a login, a
// settings change. event is one of the Event constants documented for it; detail must
// hold no personal data (see each constant).
func (d *DB) Record(ctx context.Context, event, detail string) error {
	if !recordable[event] {
		return fmt.Errorf("%w: %q is not an event Record takes", ErrInvalid, event)
	}
	if err := d.audit(ctx, AuditEntry{Event: event, Detail: detail}); err != nil {
		return fmt.Errorf("audit %s: %w", event, err)
	}
	return nil
}

// Audit calls fn for each audit entry in order, from seq from (1 = the start).
func (d *DB) Audit(ctx context.Context, from uint64, fn func(AuditEntry) error) error {
	return d.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, from)); k != nil; k, v = c.Next() {
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("%w: audit entry %x: %v", ErrTampered, k, err)
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// verifyAudit checks the chain (contiguous sequence, each Prev the MAC before, each MAC
// valid), its end against the signed checkpoint and the head the backend saw, and that
// every sealed enrolment has its entries.
func (d *DB) verifyAudit(tx *bolt.Tx) []string {
	var faults []string
	var prev string
	var want uint64 = 1
	macs := map[uint64]string{}
	events := map[string]map[string]bool{}
	c := tx.Bucket(bucketAudit).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var e AuditEntry
		if err := json.Unmarshal(v, &e); err != nil {
			faults = append(faults, fmt.Sprintf("audit entry %x is not valid JSON", k))
			continue
		}
		switch {
		case e.Seq != want || binary.BigEndian.Uint64(k) != e.Seq:
			faults = append(faults, fmt.Sprintf("audit entry %d: sequence gap (expected %d)", e.Seq, want))
		case e.Prev != prev:
			faults = append(faults, fmt.Sprintf("audit entry %d: chain broken (previous MAC differs)", e.Seq))
		case !hmac.Equal([]byte(e.MAC), []byte(d.auditMAC(e))):
			faults = append(faults, fmt.Sprintf("audit entry %d: MAC does not match (edited)", e.Seq))
		}
		prev, want = e.MAC, e.Seq+1
		macs[e.Seq] = e.MAC
		if e.Enrolment != "" {
			if events[e.Enrolment] == nil {
				events[e.Enrolment] = map[string]bool{}
			}
			events[e.Enrolment][e.Event] = true
		}
	}
	faults = append(faults, d.verifyAuditEnds(tx, macs, want-1)...)
	return append(faults, d.verifyAuditCoverage(tx, events)...)
}

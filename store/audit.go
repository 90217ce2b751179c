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
)

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
	return b.Put(binary.BigEndian.AppendUint64(nil, e.Seq), v)
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

// verifyAudit checks the chain: contiguous sequence, each Prev the MAC before, each MAC valid.
func (d *DB) verifyAudit(tx *bolt.Tx) []string {
	var faults []string
	var prev string
	var want uint64 = 1
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
	}
	return faults
}

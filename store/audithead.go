package store

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Keys inside the meta bucket for the audit log's checkpoints (plain: no personal data).
var (
	metaAuditHead = []byte("audit_head") // signed checkpoint of the last entry, rewritten with every entry
	metaAuditSeen = []byte("audit_seen") // the newest head a backend received (x-audit-head)
)

// AuditHead names the end of the audit log: the last entry's sequence number and MAC.
// It travels with every delivery as the x-audit-head header ("seq:mac").
type AuditHead struct {
	Seq uint64 `json:"seq"`
	MAC string `json:"mac"`
}

// String returns the header form, "seq:mac".
func (h AuditHead) String() string { return strconv.FormatUint(h.Seq, 10) + ":" + h.MAC }

// ParseAuditHead reads the header form made by String.
func ParseAuditHead(s string) (AuditHead, error) {
	seq, mac, ok := strings.Cut(s, ":")
	n, err := strconv.ParseUint(seq, 10, 64)
	if !ok || err != nil || n == 0 || len(mac) != 64 {
		return AuditHead{}, fmt.Errorf("%w: audit head %q is not seq:mac", ErrInvalid, s)
	}
	return AuditHead{Seq: n, MAC: mac}, nil
}

// checkpoint is the signed audit head kept in meta: Sig is the device key's Ed25519
// signature of checkpointText, so it cannot be moved forward or forged without the key.
type checkpoint struct {
	AuditHead
	Sig []byte `json:"sig"`
}

func checkpointText(h AuditHead) []byte {
	return []byte("enrolkiosk-audit-head-v1\n" + h.String() + "\n")
}

// putCheckpoint signs h as the log's head inside tx.
func (d *DB) putCheckpoint(tx *bolt.Tx, h AuditHead) error {
	key, _, err := d.signer(tx)
	if err != nil {
		return fmt.Errorf("sign the audit checkpoint: %w", err)
	}
	b, err := json.Marshal(checkpoint{AuditHead: h, Sig: ed25519.Sign(key, checkpointText(h))})
	if err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(metaAuditHead, b)
}

// headOf returns the head of the log in tx (zero for an empty log).
func headOf(tx *bolt.Tx) (AuditHead, error) {
	_, v := tx.Bucket(bucketAudit).Cursor().Last()
	if v == nil {
		return AuditHead{}, nil
	}
	var last AuditEntry
	if err := json.Unmarshal(v, &last); err != nil {
		return AuditHead{}, fmt.Errorf("%w: last audit entry: %v", ErrTampered, err)
	}
	return AuditHead{Seq: last.Seq, MAC: last.MAC}, nil
}

// checkpointLog signs the current end of the log; the migration to schema 2 calls it for
// logs written before checkpoints.
func (d *DB) checkpointLog(tx *bolt.Tx) error {
	h, err := headOf(tx)
	if err != nil || h.Seq == 0 {
		return err
	}
	return d.putCheckpoint(tx, h)
}

// AuditHead returns the end of the audit log now (zero for an empty log).
func (d *DB) AuditHead(ctx context.Context) (AuditHead, error) {
	var h AuditHead
	err := d.view(ctx, func(tx *bolt.Tx) error {
		var err error
		h, err = headOf(tx)
		return err
	})
	return h, err
}

// NoteAuditSeen keeps h as the newest head a backend has received, unless an older one is
// given; Verify then reports a log that ends before it or differs from it.
func (d *DB) NoteAuditSeen(ctx context.Context, h AuditHead) error {
	return d.update(ctx, func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		var old AuditHead
		if v := m.Get(metaAuditSeen); v != nil && json.Unmarshal(v, &old) == nil && old.Seq >= h.Seq {
			return nil
		}
		b, err := json.Marshal(h)
		if err != nil {
			return err
		}
		return m.Put(metaAuditSeen, b)
	})
}

// AuditHeadHeader returns the x-audit-head value now ("seq:mac"), "" when the log is
// empty or cannot be read.
func (d *DB) AuditHeadHeader(ctx context.Context) string {
	h, err := d.AuditHead(ctx)
	if err != nil || h.Seq == 0 {
		return ""
	}
	return h.String()
}

// AuditSeenHeader keeps the x-audit-head value v of a request a backend accepted.
func (d *DB) AuditSeenHeader(ctx context.Context, v string) error {
	h, err := ParseAuditHead(v)
	if err != nil {
		return err
	}
	return d.NoteAuditSeen(ctx, h)
}

// verifyAuditEnds checks the log's end against its signed checkpoint and against the head
// the backend saw; macs holds every entry's MAC by sequence number.
func (d *DB) verifyAuditEnds(tx *bolt.Tx, macs map[uint64]string, last uint64) []string {
	var faults []string
	m := tx.Bucket(bucketMeta)
	var cp checkpoint
	switch v := m.Get(metaAuditHead); {
	case v == nil && last > 0:
		faults = append(faults, "audit log: its signed checkpoint is missing (deleted)")
	case v == nil:
	case json.Unmarshal(v, &cp) != nil:
		faults = append(faults, "audit log: its signed checkpoint is malformed")
	default:
		pub := ed25519.PublicKey(m.Get(metaDevPub))
		switch {
		case len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, checkpointText(cp.AuditHead), cp.Sig):
			faults = append(faults, "audit log: its checkpoint's signature does not verify with the device key (forged)")
		case cp.Seq > last:
			faults = append(faults, fmt.Sprintf("audit log ends at entry %d but its signed checkpoint is at %d: entries were removed from its end", last, cp.Seq))
		case macs[cp.Seq] != cp.MAC:
			faults = append(faults, fmt.Sprintf("audit log: entry %d differs from its signed checkpoint (rewritten)", cp.Seq))
		case cp.Seq < last:
			faults = append(faults, fmt.Sprintf("audit log: entries after %d are not covered by its signed checkpoint (added without the device key)", cp.Seq))
		}
	}
	var seen AuditHead
	if v := m.Get(metaAuditSeen); v != nil && json.Unmarshal(v, &seen) == nil && seen.Seq > 0 {
		switch {
		case seen.Seq > last:
			faults = append(faults, fmt.Sprintf("audit log ends at entry %d, behind the head the backend saw (entry %d): entries were removed", last, seen.Seq))
		case macs[seen.Seq] != seen.MAC:
			faults = append(faults, fmt.Sprintf("audit log: entry %d differs from the one the backend saw (rewritten)", seen.Seq))
		}
	}
	return faults
}

// stateEvent is the audit event that puts an outbox entry in each state (queued is
// reached by sealed, released or retried; sealed is checked for every entry).
var stateEvent = map[State]string{Sending: EventSending, Delivered: EventDelivered, Confirmed: EventConfirmed,
	Rejected: EventRejected, Held: EventHeld, Purged: EventPurged}

// verifyAuditCoverage checks that every sealed enrolment has its audit entries: the seal,
// and the event that brought it to its current state. events maps enrolment id to the
// events the log holds for it.
func (d *DB) verifyAuditCoverage(tx *bolt.Tx, events map[string]map[string]bool) []string {
	var faults []string
	tx.Bucket(bucketOutbox).ForEach(func(k, _ []byte) error {
		id := string(k)
		e, err := d.getEntry(tx, id)
		if err != nil {
			return nil // reported by verifyLayout
		}
		switch want, ok := stateEvent[e.State]; {
		case !events[id][EventSealed]:
			faults = append(faults, fmt.Sprintf("audit log has no entry for the sealing of %s: entries were removed", ShortID(id)))
		case ok && !events[id][want]:
			faults = append(faults, fmt.Sprintf("audit log has no %s entry for %s, which is %s: entries were removed", want, ShortID(id), e.State))
		}
		return nil
	})
	return faults
}

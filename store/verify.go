package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/store/internal/boltcheck"
)

// Report is the result of Verify. The database is consistent when Faults is empty.
type Report struct {
	Enrolments   int      // outbox entries checked
	Evidence     int      // evidence blobs read and hashed
	Bytes        int64    // evidence bytes read
	AuditEntries int      // audit entries checked
	Faults       []string // each fault in words an operator can act on (ids, never personal data)
}

// OK reports whether no fault was found.
func (r *Report) OK() bool { return len(r.Faults) == 0 }

// Verify checks the whole database: the file is whole (both header pages, its length
// and holes, its root and freelist pages: see checkFile), bbolt's page consistency, every enrolment's record
// and evidence (each chunk decrypted, each blob's size and SHA-256), leftovers of purged
// or unknown enrolments, and the audit chain. Faults are reported, not returned as errors;
// the error is for Verify itself failing (closed store, cancelled context).
func (d *DB) Verify(ctx context.Context) (Report, error) {
	var rep Report
	var ids []string
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true)) // a page pointing outside the file: a fault, then a panic recoverFault reports
	if err := checkFile(d.path); err != nil {
		rep.Faults = append(rep.Faults, "file: "+err.Error(), damagedPages)
		return rep, nil
	}
	err := d.view(ctx, func(tx *bolt.Tx) error {
		for _, err := range boltcheck.Tx(tx) {
			rep.Faults = append(rep.Faults, "bbolt: "+err.Error())
		}
		if len(rep.Faults) > 0 {
			rep.Faults = append(rep.Faults, damagedPages)
			return nil
		}
		defer recoverFault(&rep, "reading the database")
		rep.Faults = append(rep.Faults, d.verifyAudit(tx)...)
		rep.AuditEntries = tx.Bucket(bucketAudit).Stats().KeyN
		var faults []string
		ids, faults = d.verifyLayout(tx)
		rep.Faults = append(rep.Faults, faults...)
		return nil
	})
	if err != nil {
		return rep, err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		rep.Enrolments++
		d.verifyEnrolment(ctx, id, &rep)
	}
	return rep, nil
}

// damagedPages closes the faults of a file whose structure is damaged.
const damagedPages = "the file's page structure is damaged; other checks skipped (keep a copy of the file, then run enrolctl verify --recover)"

// verifyLayout matches outbox entries with records, keys and evidence, and returns the
// ids whose evidence must be read.
func (d *DB) verifyLayout(tx *bolt.Tx) (live, faults []string) {
	known := map[string]bool{}
	err := tx.Bucket(bucketOutbox).ForEach(func(k, _ []byte) error {
		id := string(k)
		e, err := d.getEntry(tx, id)
		if err != nil {
			faults = append(faults, fmt.Sprintf("outbox entry %s: %v", ShortID(id), err))
			return nil
		}
		known[id] = true
		hasRecord := tx.Bucket(bucketEnrolments).Get(k) != nil
		if e.State == Purged {
			if hasRecord || tx.Bucket(bucketEvidence).Bucket(k) != nil || tx.Bucket(bucketKeys).Get(k) != nil {
				faults = append(faults, fmt.Sprintf("enrolment %s is purged but personal data remains (run enrolctl purge)", ShortID(id)))
			}
			return nil
		}
		live = append(live, id)
		return nil
	})
	if err != nil {
		faults = append(faults, "outbox: "+err.Error())
	}
	for _, b := range [][]byte{bucketEnrolments, bucketKeys, bucketEvidence} {
		tx.Bucket(b).ForEach(func(k, _ []byte) error {
			if !known[string(k)] {
				faults = append(faults, fmt.Sprintf("%s holds %s with no outbox entry", b, ShortID(string(k))))
			}
			return nil
		})
	}
	return live, faults
}

// recoverFault turns a bbolt panic on a damaged page into a fault of rep.
func recoverFault(rep *Report, what string) {
	if r := recover(); r != nil {
		rep.Faults = append(rep.Faults, fmt.Sprintf("%s: damaged page: %v", what, r))
	}
}

// verifyEnrolment decrypts the record of id and reads every piece of its evidence.
func (d *DB) verifyEnrolment(ctx context.Context, id string, rep *Report) {
	defer recoverFault(rep, "enrolment "+ShortID(id))
	e, err := d.Get(ctx, id)
	if err != nil {
		rep.Faults = append(rep.Faults, fmt.Sprintf("enrolment %s: %v", ShortID(id), err))
		return
	}
	for _, ev := range e.Evidence {
		rc, _, err := d.OpenEvidence(ctx, id, ev.Kind)
		if err != nil {
			rep.Faults = append(rep.Faults, fmt.Sprintf("enrolment %s %s: %v", ShortID(id), ev.Kind, err))
			continue
		}
		h := sha256.New()
		n, err := io.Copy(h, rc)
		rc.Close()
		rep.Evidence++
		rep.Bytes += n
		switch {
		case err != nil:
			rep.Faults = append(rep.Faults, fmt.Sprintf("enrolment %s %s: %v", ShortID(id), ev.Kind, err))
		case hex.EncodeToString(h.Sum(nil)) != ev.SHA256:
			rep.Faults = append(rep.Faults, fmt.Sprintf("enrolment %s %s: SHA-256 differs from the one recorded at sealing", ShortID(id), ev.Kind))
		}
	}
}

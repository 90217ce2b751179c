package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// PurgeReport says what Purge did.
type PurgeReport struct {
	// Purged lists the ids whose evidence and record were deleted.
	Purged []string
	// Waiting counts confirmed enrolments still inside the retention period.
	Waiting int
	// Unconfirmed counts enrolments kept because the backend has not confirmed them.
	Unconfirmed int
	// Compacted is the compaction that followed, when anything was purged.
	Compacted *CompactReport
}

// Purge deletes the evidence, record and data key of every enrolment confirmed at least
// retention ago, leaving its outbox entry (state purged, no personal data) and an audit
// entry. Nothing unconfirmed is ever purged. Each enrolment is purged in its own short
// transaction; then, when anything was purged, the file is compacted, so that no free page
// keeps the data keys or evidence of a purged enrolment. Cancelling ctx stops it between
// two enrolments (or within the compaction, see Compact), with an error wrapping
// ctx.Err(); what was purged stays purged, and the next Purge goes on.
func (d *DB) Purge(ctx context.Context, retention time.Duration) (PurgeReport, error) {
	var rep PurgeReport
	entries, err := d.List(ctx, Filter{})
	if _, ok := errors.AsType[*UnreadableError](err); !ok && err != nil {
		return rep, err // an unreadable entry is not purged: its state is unknown (Verify names it)
	}
	cutoff := d.now().Add(-retention)
	for _, e := range entries {
		switch {
		case e.State == Purged:
		case e.State != Confirmed && e.State != Superseded:
			rep.Unconfirmed++
		case e.Confirmed.After(cutoff):
			rep.Waiting++
		case ctx.Err() != nil:
			return rep, fmt.Errorf("purge stopped after %d enrolments (the app is stopping); the rest are purged next time: %w",
				len(rep.Purged), ctx.Err())
		default:
			if err := d.purgeOne(ctx, e.ID, cutoff); err != nil {
				return rep, err
			}
			rep.Purged = append(rep.Purged, e.ID)
		}
	}
	if len(rep.Purged) > 0 { // deleted means gone: no free page keeps a purged data key
		cr, err := d.Compact(ctx, 0)
		if err != nil {
			return rep, fmt.Errorf("compact after purging (until it succeeds the purged data stays in free pages): %w", err)
		}
		rep.Compacted = &cr
	}
	return rep, nil
}

// purgeOne deletes one enrolment's personal data, re-checking its state in the transaction.
func (d *DB) purgeOne(ctx context.Context, id string, cutoff time.Time) error {
	var freed int64
	err := d.change(ctx, id, EventPurged, func(e *Entry) (string, error) {
		if (e.State != Confirmed && e.State != Superseded) || e.Confirmed.After(cutoff) {
			return "", stateErr(e, "purge")
		}
		e.State, freed = Purged, e.EvidenceBytes
		return fmt.Sprintf("%d evidence bytes deleted", freed), nil
	}, func(tx *bolt.Tx) error {
		return deletePersonal(tx, id)
	})
	if err != nil {
		return err
	}
	d.log.Info("enrolment purged", "id", ShortID(id), "bytes", freed)
	return nil
}

// deletePersonal removes the evidence, record and data key of id.
func deletePersonal(tx *bolt.Tx, id string) error {
	k := []byte(id)
	if ev := tx.Bucket(bucketEvidence); ev.Bucket(k) != nil {
		if err := ev.DeleteBucket(k); err != nil {
			return fmt.Errorf("delete evidence: %w", err)
		}
	}
	if err := tx.Bucket(bucketEnrolments).Delete(k); err != nil {
		return err
	}
	return tx.Bucket(bucketKeys).Delete(k)
}

// Maintain purges what the retention period allows, then compacts the file when free
// pages reach minFreeRatio of it or number Options.CompactFreePages (a compaction an earlier run
// had cut short is thus redone at the next start). The app runs it at start and once a day; enrolctl purge
// runs it on demand. Cancelling ctx (the app stopping) stops it quickly and leaves the
// database consistent: see Purge and Compact.
func (d *DB) Maintain(ctx context.Context, retention time.Duration, minFreeRatio float64) (PurgeReport, CompactReport, error) {
	pr, err := d.Purge(ctx, retention)
	if err != nil {
		return pr, CompactReport{}, err
	}
	if pr.Compacted != nil {
		return pr, *pr.Compacted, nil
	}
	cr, err := d.Compact(ctx, minFreeRatio)
	return pr, cr, err
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/internal/paths"
)

// Seal stores e and its evidence in one write transaction together with its outbox entry
// (state queued) and an audit entry, and returns e as stored (ID, Created and Evidence
// filled). After a crash either all of it is on disk or none of it. e.ID may be preset
// (a UUID, e.g. the draft's) so that sealing twice is refused instead of duplicated.
// Seal refuses with ErrDiskFull when free space is short; earlier enrolments stay intact.
func (d *DB) Seal(ctx context.Context, e Enrolment, evidence []EvidenceInput) (Enrolment, error) {
	if err := d.checkSealable(&e, evidence); err != nil {
		return Enrolment{}, err
	}
	if free, err := paths.FreeBytes(d.dir); err == nil && free < d.opts.MinFreeBytes {
		return Enrolment{}, fmt.Errorf("%w to seal the enrolment: %d MiB free in %s, at least %d MiB needed (free some space; earlier enrolments are intact)",
			ErrDiskFull, free>>20, d.dir, d.opts.MinFreeBytes>>20)
	}
	e.Created = d.now()
	var total int64
	var cs *chunkSealer
	err := d.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketOutbox).Get([]byte(e.ID)) != nil {
			return fmt.Errorf("%w: enrolment %s is already sealed", ErrInvalid, e.ShortID())
		}
		var err error
		total, cs, err = d.sealTx(ctx, tx, &e, evidence)
		return err
	})
	if cs != nil {
		cs.release() // the transaction has ended: bbolt no longer holds the sealed chunks
	}
	if err != nil {
		return Enrolment{}, fmt.Errorf("seal enrolment %s: %w", e.ShortID(), err)
	}
	d.mu.Lock()
	d.indexLocked(&Entry{ID: e.ID, Profile: e.Profile, State: Queued, Sealed: e.Created, Updated: e.Created})
	d.mu.Unlock()
	d.publish("", Change{ID: e.ID, State: Queued})
	d.log.Info("enrolment sealed", "id", e.ShortID(), "evidence", len(e.Evidence), "bytes", total)
	return e, nil
}

// checkSealable validates the input and assigns the id.
func (d *DB) checkSealable(e *Enrolment, evidence []EvidenceInput) error {
	if e.ID == "" {
		e.ID = uuid.NewString()
	} else if u, err := uuid.Parse(e.ID); err != nil || u.String() != e.ID {
		return fmt.Errorf("%w: enrolment id %q is not a lower-case UUID", ErrInvalid, e.ID)
	}
	if strings.TrimSpace(e.Profile) == "" {
		return fmt.Errorf("%w: enrolment has no backend profile", ErrInvalid)
	}
	if len(evidence) == 0 {
		return fmt.Errorf("%w: enrolment has no evidence", ErrInvalid)
	}
	e.Evidence = nil
	return validateInputs(evidence)
}

// sealTx writes the data key, evidence, record, outbox entry and audit entry. The sealer
// it returns (also with an error, once the chunks were started) holds the buffers of the
// sealed chunks: release them once tx has ended.
func (d *DB) sealTx(ctx context.Context, tx *bolt.Tx, e *Enrolment, evidence []EvidenceInput) (int64, *chunkSealer, error) {
	dek := randomKey()
	ck, err := newCipherKey(dek)
	if err != nil {
		return 0, nil, err
	}
	if err := tx.Bucket(bucketKeys).Put([]byte(e.ID), d.dev.seal(dek, ad(string(bucketKeys), e.ID))); err != nil {
		return 0, nil, err
	}
	eb, err := tx.Bucket(bucketEvidence).CreateBucket([]byte(e.ID))
	if err != nil {
		return 0, nil, fmt.Errorf("create evidence bucket: %w", err)
	}
	eb.FillPercent = 1 // chunks are appended in key order
	cs := newChunkSealer(eb, ck, e.ID, &d.chunkBufs)
	ev, total, err := cs.sealAll(ctx, evidence)
	if err != nil {
		return 0, cs, err
	}
	e.Evidence = ev
	// The outbox and audit entries need only the sizes: they are written while the last
	// of the hashing finishes; the manifest and the record carry the SHA-256 of each piece.
	entry := Entry{ID: e.ID, Profile: e.Profile, State: Queued, EvidenceBytes: total, Sealed: e.Created, Updated: e.Created}
	err = d.putEntry(tx, entry)
	if err == nil {
		err = d.appendAudit(tx, AuditEntry{Event: EventSealed, Enrolment: e.ID,
			Detail: fmt.Sprintf("profile %s, %d evidence, %d bytes", e.Profile, len(e.Evidence), total)})
	}
	cs.sums(e.Evidence)
	if err == nil {
		err = d.signManifest(tx, e)
	}
	if err == nil {
		err = d.putRecord(tx, ck, e)
	}
	return total, cs, err
}

// putRecord encrypts the enrolment record with its data key.
func (d *DB) putRecord(tx *bolt.Tx, ck cipherKey, e *Enrolment) error {
	plain, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketEnrolments).Put([]byte(e.ID), ck.seal(plain, ad(string(bucketEnrolments), e.ID)))
}

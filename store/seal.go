package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/internal/paths"
)

// ChunkSize is the plaintext size of one stored evidence chunk: 128 bytes short of 64 KiB
// so that a bbolt leaf of two sealed chunks (bbolt puts at least two values in a node,
// each with a 24-byte nonce, a 16-byte tag, a 16-byte element header and a key of at
// most 64 bytes, behind a 16-byte page header) fills exactly 32 pages of 4 KiB. With 64 KiB
// it took 33: 3 % more to write and fsync for nothing. Chunks are read by their count, so
// stores sealed with the old size read as before.
const ChunkSize = 64<<10 - 128

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
	err := d.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketOutbox).Get([]byte(e.ID)) != nil {
			return fmt.Errorf("%w: enrolment %s is already sealed", ErrInvalid, e.ShortID())
		}
		var err error
		total, err = d.sealTx(ctx, tx, &e, evidence)
		return err
	})
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

// sealTx writes the data key, evidence, record, outbox entry and audit entry.
func (d *DB) sealTx(ctx context.Context, tx *bolt.Tx, e *Enrolment, evidence []EvidenceInput) (int64, error) {
	dek := randomKey()
	ck, err := newCipherKey(dek)
	if err != nil {
		return 0, err
	}
	if err := tx.Bucket(bucketKeys).Put([]byte(e.ID), d.dev.seal(dek, ad(string(bucketKeys), e.ID))); err != nil {
		return 0, err
	}
	eb, err := tx.Bucket(bucketEvidence).CreateBucket([]byte(e.ID))
	if err != nil {
		return 0, fmt.Errorf("create evidence bucket: %w", err)
	}
	eb.FillPercent = 1 // chunks are appended in key order
	var total int64
	for _, in := range evidence {
		ev, err := writeEvidence(ctx, eb, ck, e.ID, in)
		if err != nil {
			return 0, err
		}
		e.Evidence = append(e.Evidence, ev)
		total += ev.Size
	}
	if err := d.signManifest(tx, e); err != nil {
		return 0, err
	}
	if err := d.putRecord(tx, ck, e); err != nil {
		return 0, err
	}
	entry := Entry{ID: e.ID, Profile: e.Profile, State: Queued, EvidenceBytes: total, Sealed: e.Created, Updated: e.Created}
	if err := d.putEntry(tx, entry); err != nil {
		return 0, err
	}
	return total, d.appendAudit(tx, AuditEntry{Event: EventSealed, Enrolment: e.ID,
		Detail: fmt.Sprintf("profile %s, %d evidence, %d bytes", e.Profile, len(e.Evidence), total)})
}

// putRecord encrypts the enrolment record with its data key.
func (d *DB) putRecord(tx *bolt.Tx, ck cipherKey, e *Enrolment) error {
	plain, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketEnrolments).Put([]byte(e.ID), ck.seal(plain, ad(string(bucketEnrolments), e.ID)))
}

// chunkKey names chunk i of kind.
func chunkKey(kind EvidenceKind, i int) string { return fmt.Sprintf("%s/%08d", kind, i) }

// sealWindow is how many chunks may be encrypting at once ahead of the one being stored.
const sealWindow = 8

// writeEvidence reads in to its end, storing it as encrypted chunks in eb. The two CPU
// costs of a seal before bbolt's commit run side by side: one goroutine hashes the chunks
// in order, each chunk is encrypted on a goroutine of its own, and this one reads the
// input and stores the sealed chunks in order.
func writeEvidence(ctx context.Context, eb *bolt.Bucket, ck cipherKey, id string, in EvidenceInput) (Evidence, error) {
	ev := Evidence{Kind: in.Kind, ContentType: in.ContentType}
	toHash := make(chan []byte, sealWindow)
	sum := make(chan []byte, 1)
	go func() {
		h := sha256.New()
		for c := range toHash {
			h.Write(c)
		}
		sum <- h.Sum(nil)
	}()
	hashing := true
	stopHashing := func() []byte {
		if hashing {
			close(toHash)
			hashing = false
		}
		return <-sum
	}
	defer func() {
		if hashing {
			stopHashing()
		}
	}()
	type pending struct {
		key    string
		sealed chan []byte
	}
	var queue []pending
	store := func() error {
		p := queue[0]
		queue = queue[1:]
		return eb.Put([]byte(p.key), <-p.sealed)
	}
	for {
		if err := ctx.Err(); err != nil {
			return ev, err
		}
		// A buffer per chunk: it is hashed and encrypted while the next one is read.
		buf := make([]byte, ChunkSize)
		n, err := io.ReadFull(in.Data, buf)
		if n > 0 {
			key := chunkKey(in.Kind, ev.Chunks)
			p := pending{key: key, sealed: make(chan []byte, 1)}
			go func(plain []byte) { p.sealed <- ck.seal(plain, ad(string(bucketEvidence), id, key)) }(buf[:n])
			toHash <- buf[:n]
			queue = append(queue, p)
			ev.Chunks++
			ev.Size += int64(n)
			if len(queue) >= sealWindow {
				if perr := store(); perr != nil {
					return ev, perr
				}
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return ev, fmt.Errorf("read evidence %s: %w", in.Kind, err)
		}
	}
	for len(queue) > 0 {
		if err := store(); err != nil {
			return ev, err
		}
	}
	if ev.Size == 0 {
		return ev, fmt.Errorf("%w: evidence %s is empty", ErrInvalid, in.Kind)
	}
	ev.SHA256 = hex.EncodeToString(stopHashing())
	return ev, nil
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"
)

// dataKey unwraps the data key of enrolment id.
func (d *DB) dataKey(tx *bolt.Tx, id string) (cipherKey, error) {
	w := tx.Bucket(bucketKeys).Get([]byte(id))
	if w == nil {
		return cipherKey{}, fmt.Errorf("%w: enrolment %s has no data key (purged or never sealed)", ErrNotFound, ShortID(id))
	}
	k, err := d.dev.open(w, ad(string(bucketKeys), id))
	if err != nil {
		return cipherKey{}, err
	}
	return newCipherKey(k)
}

// getRecord decrypts the enrolment record of id.
func (d *DB) getRecord(tx *bolt.Tx, id string) (Enrolment, error) {
	var e Enrolment
	ck, err := d.dataKey(tx, id)
	if err != nil {
		return e, err
	}
	v := tx.Bucket(bucketEnrolments).Get([]byte(id))
	if v == nil {
		return e, fmt.Errorf("%w: enrolment %s has no record (purged?)", ErrNotFound, ShortID(id))
	}
	plain, err := ck.open(v, ad(string(bucketEnrolments), id))
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal(plain, &e); err != nil {
		return e, fmt.Errorf("%w: enrolment %s record: %v", ErrTampered, ShortID(id), err)
	}
	return e, nil
}

// Get returns the sealed enrolment id (without its evidence bytes).
func (d *DB) Get(ctx context.Context, id string) (Enrolment, error) {
	var e Enrolment
	err := d.view(ctx, func(tx *bolt.Tx) (err error) {
		e, err = d.getRecord(tx, id)
		return err
	})
	return e, err
}

// OpenEvidence returns a stream of the evidence of kind sealed with enrolment id, and its
// description (size, SHA-256). The stream decrypts one 64 KiB chunk at a time, each in
// its own short read transaction, so memory stays flat and writers are never held up.
// A chunk that fails authentication ends the stream with ErrTampered.
func (d *DB) OpenEvidence(ctx context.Context, id string, kind EvidenceKind) (io.ReadCloser, Evidence, error) {
	e, err := d.Get(ctx, id)
	if err != nil {
		return nil, Evidence{}, err
	}
	ev, ok := e.EvidenceOf(kind)
	if !ok {
		return nil, Evidence{}, fmt.Errorf("%w: enrolment %s has no %s", ErrNotFound, ShortID(id), kind)
	}
	return &evidenceReader{ctx: ctx, d: d, id: id, ev: ev}, ev, nil
}

// evidenceReader streams one piece of evidence chunk by chunk.
type evidenceReader struct {
	ctx  context.Context
	d    *DB
	id   string
	ev   Evidence
	next int    // next chunk to load
	buf  []byte // rest of the current chunk
	read int64
	ck   *cipherKey // the data key, unwrapped at the first chunk
}

// Read implements io.Reader; at the end it checks that exactly the sealed size was read.
func (r *evidenceReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.next >= r.ev.Chunks {
			if r.read != r.ev.Size {
				return 0, fmt.Errorf("%w: evidence %s of %s has %d bytes, expected %d", ErrTampered, r.ev.Kind, ShortID(r.id), r.read, r.ev.Size)
			}
			return 0, io.EOF
		}
		if err := r.load(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	r.read += int64(n)
	return n, nil
}

// load decrypts the next chunk in a short read transaction.
func (r *evidenceReader) load() error {
	key := chunkKey(r.ev.Kind, r.next)
	err := r.d.view(r.ctx, func(tx *bolt.Tx) error {
		if r.ck == nil {
			ck, err := r.d.dataKey(tx, r.id)
			if err != nil {
				return err
			}
			r.ck = &ck
		}
		eb := tx.Bucket(bucketEvidence).Bucket([]byte(r.id))
		var v []byte
		if eb != nil {
			v = eb.Get([]byte(key))
		}
		if v == nil {
			return fmt.Errorf("%w: evidence chunk %s of %s is missing", ErrTampered, key, ShortID(r.id))
		}
		var err error
		r.buf, err = r.ck.open(v, ad(string(bucketEvidence), r.id, key))
		return err
	})
	if err != nil {
		return err
	}
	r.next++
	return nil
}

// Close releases the reader; it holds no transaction between reads.
func (r *evidenceReader) Close() error { r.buf = nil; r.next = r.ev.Chunks; return nil }

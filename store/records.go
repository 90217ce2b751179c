package store

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// maxNameLen bounds the name of a draft or value.
const maxNameLen = 128

// putSealed encrypts v under the meta key into bucket b at name.
func (d *DB) putSealed(ctx context.Context, b []byte, name string, v []byte) error {
	if name == "" || len(name) > maxNameLen {
		return fmt.Errorf("%w: name %q must have 1 to %d bytes", ErrInvalid, name, maxNameLen)
	}
	return d.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(b).Put([]byte(name), d.meta.seal(v, ad(string(b), name)))
	})
}

// getSealed decrypts the value at name in bucket b.
func (d *DB) getSealed(ctx context.Context, b []byte, name string) ([]byte, error) {
	var out []byte
	err := d.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(b).Get([]byte(name))
		if v == nil {
			return fmt.Errorf("%w: no %s %q", ErrNotFound, bytes.TrimSuffix(b, []byte("s")), name)
		}
		var err error
		out, err = d.meta.open(v, ad(string(b), name))
		return err
	})
	return out, err
}

// deleteSealed removes name from bucket b; a missing name is not an error.
func (d *DB) deleteSealed(ctx context.Context, b []byte, name string) error {
	return d.update(ctx, func(tx *bolt.Tx) error { return tx.Bucket(b).Delete([]byte(name)) })
}

// SaveDraft stores the encrypted draft of an in-progress enrolment under name (e.g.
// "current"), replacing any earlier one. The UI saves it after each wizard step. Each
// draft has its own data key, kept outside the database (DraftKeysName).
func (d *DB) SaveDraft(ctx context.Context, name string, data []byte) error {
	if name == "" || len(name) > maxNameLen {
		return fmt.Errorf("%w: name %q must have 1 to %d bytes", ErrInvalid, name, maxNameLen)
	}
	ck, _, err := d.draftKey(name, true)
	if err != nil {
		return err
	}
	return d.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDrafts).Put([]byte(name), ck.seal(data, ad(string(bucketDrafts), name)))
	})
}

// LoadDraft returns the draft saved under name, or an error wrapping ErrNotFound.
func (d *DB) LoadDraft(ctx context.Context, name string) ([]byte, error) {
	ck, ok, err := d.draftKey(name, false)
	if err != nil {
		return nil, err
	}
	if !ok { // none, or written before per-draft keys
		return d.getSealed(ctx, bucketDrafts, name)
	}
	var out []byte
	err = d.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketDrafts).Get([]byte(name))
		if v == nil {
			return fmt.Errorf("%w: no draft %q", ErrNotFound, name)
		}
		out, err = ck.open(v, ad(string(bucketDrafts), name))
		return err
	})
	return out, err
}

// DeleteDraft removes the draft saved under name (after sealing or on cancel) and
// destroys its data key, so nothing of it can be decrypted from the database file.
func (d *DB) DeleteDraft(ctx context.Context, name string) error {
	if err := d.deleteSealed(ctx, bucketDrafts, name); err != nil {
		return err
	}
	return d.destroyDraftKey(name)
}

// PutValue stores a small encrypted value under name (e.g. "operator_verifier").
func (d *DB) PutValue(ctx context.Context, name string, v []byte) error {
	return d.putSealed(ctx, bucketValues, name, v)
}

// Value returns the value stored under name, or an error wrapping ErrNotFound.
func (d *DB) Value(ctx context.Context, name string) ([]byte, error) {
	return d.getSealed(ctx, bucketValues, name)
}

// DeleteValue removes the value stored under name.
func (d *DB) DeleteValue(ctx context.Context, name string) error {
	return d.deleteSealed(ctx, bucketValues, name)
}

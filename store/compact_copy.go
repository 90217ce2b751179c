package store

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// copyCompact copies every bucket and key of src into dst (a new, empty file), in write
// transactions of about txMaxSize bytes, as bolt.Compact does, but checks ctx before
// every key: a cancelled ctx stops the copy within one key, with ctx's error. Pages are
// filled completely. dst is left to the caller to sync, close or throw away.
func copyCompact(ctx context.Context, dst, src *bolt.DB, txMaxSize int64) error {
	tx, err := dst.Begin(true)
	if err != nil {
		return err
	}
	defer func() {
		if tx != nil {
			tx.Rollback()
		}
	}()
	var size int64
	err = src.View(func(stx *bolt.Tx) error {
		return stx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return copyBucket(b, nil, name, func(keys [][]byte, k, v []byte, seq uint64) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				if sz := int64(len(k) + len(v)); size+sz > txMaxSize && size > 0 {
					if err := tx.Commit(); err != nil {
						tx = nil
						return err
					}
					if tx, err = dst.Begin(true); err != nil {
						return err
					}
					size = 0
				}
				size += int64(len(k) + len(v))
				return putCopied(tx, keys, k, v, seq)
			})
		})
	})
	if err != nil {
		return err
	}
	err = tx.Commit()
	tx = nil
	return err
}

// copyBucket calls fn for the bucket b (named k, under keys) and then, depth first, for
// every key and nested bucket in it. v is nil for a bucket.
func copyBucket(b *bolt.Bucket, keys [][]byte, k []byte, fn func(keys [][]byte, k, v []byte, seq uint64) error) error {
	if err := fn(keys, k, nil, b.Sequence()); err != nil {
		return err
	}
	keys = append(keys, k)
	return b.ForEach(func(ck, cv []byte) error {
		if cv == nil {
			return copyBucket(b.Bucket(ck), keys, ck, fn)
		}
		return fn(keys, ck, cv, 0)
	})
}

// putCopied writes one key (v != nil) or bucket (v == nil, with its sequence) at keys
// in tx.
func putCopied(tx *bolt.Tx, keys [][]byte, k, v []byte, seq uint64) error {
	if len(keys) == 0 {
		bkt, err := tx.CreateBucket(k)
		if err != nil {
			return fmt.Errorf("bucket %q: %w", k, err)
		}
		return bkt.SetSequence(seq)
	}
	b := tx.Bucket(keys[0])
	for _, name := range keys[1:] {
		b = b.Bucket(name)
	}
	b.FillPercent = 1.0
	if v == nil {
		bkt, err := b.CreateBucket(k)
		if err != nil {
			return fmt.Errorf("bucket %q: %w", k, err)
		}
		return bkt.SetSequence(seq)
	}
	return b.Put(k, v)
}

package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrNotFound reports that a record the request names does not exist in the sandbox.
var ErrNotFound = errors.New("not found")

// Bucket names of the sandbox database.
const (
	bktOneShot   = "oneshot_requests"
	bktTokens    = "oneshot_tokens"
	bktSignal    = "signal_requests"
	bktPersons   = "people_persons"
	bktContacts  = "people_contacts"
	bktBiometric = "biometric_signs"
	bktBlobs     = "blobs"
	bktIdem      = "idempotency"
	bktRevoked   = "revoked_tokens"
	bktMeta      = "meta"
)

var allBuckets = []string{bktOneShot, bktTokens, bktSignal, bktPersons, bktContacts,
	bktBiometric, bktBlobs, bktIdem, bktRevoked, bktMeta}

// db is the sandbox's own bbolt file: JSON records per bucket plus raw evidence blobs.
type db struct {
	b      *bolt.DB
	tmpDir string
}

// openDB opens <dir>/sandbox.db, or a file in a new temporary directory when dir is empty
// (then without fsync: a demo or test backend needs no durability, only speed).
func openDB(ctx context.Context, dir string) (*db, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d := &db{}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "enrolkiosk-sandbox-")
		if err != nil {
			return nil, fmt.Errorf("create a temporary directory for the sandbox database: %w", err)
		}
		d.tmpDir, dir = tmp, tmp
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create sandbox data directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, "sandbox.db")
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, NoSync: d.tmpDir != ""})
	if err != nil {
		d.removeTmp()
		return nil, fmt.Errorf("open sandbox database %s (is another sandbox using it?): %w", path, err)
	}
	d.b = b
	err = b.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		d.close()
		return nil, fmt.Errorf("prepare sandbox database %s: %w", path, err)
	}
	return d, nil
}

func (d *db) removeTmp() {
	if d.tmpDir != "" {
		os.RemoveAll(d.tmpDir)
	}
}

func (d *db) close() error {
	err := d.b.Close()
	d.removeTmp()
	if err != nil {
		return fmt.Errorf("close sandbox database: %w", err)
	}
	return nil
}

// view reads one JSON record; it returns ErrNotFound when the key is absent.
func (d *db) view(ctx context.Context, bucket, key string, v any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.b.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket([]byte(bucket)).Get([]byte(key))
		if raw == nil {
			return fmt.Errorf("%s %s: %w", bucket, key, ErrNotFound)
		}
		return json.Unmarshal(raw, v)
	})
}

// update runs fn in one write transaction.
func (d *db) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.b.Update(fn)
}

// each calls fn for every record of bucket, in key order.
func (d *db) each(ctx context.Context, bucket string, fn func(k, v []byte) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.b.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucket)).ForEach(fn)
	})
}

// txGet reads one JSON record inside a transaction.
func txGet(tx *bolt.Tx, bucket, key string, v any) error {
	raw := tx.Bucket([]byte(bucket)).Get([]byte(key))
	if raw == nil {
		return fmt.Errorf("%s %s: %w", bucket, key, ErrNotFound)
	}
	return json.Unmarshal(raw, v)
}

// txPut writes one JSON record inside a transaction.
func txPut(tx *bolt.Tx, bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Bucket([]byte(bucket)).Put([]byte(key), raw)
}

// txBlob stores raw evidence bytes under owner/name.
func txBlob(tx *bolt.Tx, owner, name string, b []byte) error {
	return tx.Bucket([]byte(bktBlobs)).Put([]byte(owner+"/"+name), b)
}

// txNextID returns the next number of bucket's sequence, offset so the first id is first.
func txNextID(tx *bolt.Tx, bucket string, first uint64) (uint64, error) {
	n, err := tx.Bucket([]byte(bucket)).NextSequence()
	return n + first - 1, err
}

// blob returns the raw bytes stored under owner/name.
func (d *db) blob(ctx context.Context, owner, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []byte
	err := d.b.View(func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte(bktBlobs)).Get([]byte(owner + "/" + name))
		if v == nil {
			return fmt.Errorf("blob %s/%s: %w", owner, name, ErrNotFound)
		}
		out = append([]byte(nil), v...)
		return nil
	})
	return out, err
}

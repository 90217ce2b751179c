package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// DraftKeysName is the file, beside the database, that holds each draft's data key
// wrapped by the device key. The keys are kept outside the database file on purpose:
// when a draft is deleted its key is removed from this file, so the draft's old
// versions left in the database's free pages can no longer be decrypted by anyone,
// even with the device key.
const DraftKeysName = "drafts.keys"

// draftKeysFile is the JSON form of DraftKeysName.
type draftKeysFile struct {
	Version int               `json:"version"`
	Keys    map[string]string `json:"keys"` // draft name -> base64 data key sealed by the wrap key
}

func (d *DB) draftKeysPath() string { return filepath.Join(d.dir, DraftKeysName) }

// readDraftKeys reads the draft key file; a missing file holds no keys.
func (d *DB) readDraftKeys() (draftKeysFile, error) {
	f := draftKeysFile{Version: 1, Keys: map[string]string{}}
	b, err := os.ReadFile(d.draftKeysPath())
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("read the draft keys: %w", err)
	}
	if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 {
		return f, fmt.Errorf("%w: %s is malformed", ErrTampered, d.draftKeysPath())
	}
	if f.Keys == nil {
		f.Keys = map[string]string{}
	}
	return f, nil
}

// writeDraftKeys replaces the draft key file durably; with no keys left it is removed.
func (d *DB) writeDraftKeys(f draftKeysFile) error {
	if len(f.Keys) == 0 {
		if err := os.Remove(d.draftKeysPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the draft keys: %w", err)
		}
		return durable.SyncDir(d.dir)
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if err := durable.WriteFile(d.draftKeysPath(), b, 0o600); err != nil {
		return fmt.Errorf("save the draft keys: %w", err)
	}
	return nil
}

// draftKey returns the data key of draft name, making and saving one when create is set.
// ok is false when there is none (a draft written before per-draft keys: meta key).
func (d *DB) draftKey(name string, create bool) (ck cipherKey, ok bool, err error) {
	d.draftMu.Lock()
	defer d.draftMu.Unlock()
	f, err := d.readDraftKeys()
	if err != nil {
		return ck, false, err
	}
	if v, found := f.Keys[name]; found {
		sealed, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return ck, false, fmt.Errorf("%w: draft key %q is not base64", ErrTampered, name)
		}
		k, err := d.dev.open(sealed, ad(DraftKeysName, name))
		if err != nil {
			return ck, false, err
		}
		ck, err = newCipherKey(k)
		return ck, err == nil, err
	}
	if !create {
		return ck, false, nil
	}
	k := randomKey()
	f.Keys[name] = base64.StdEncoding.EncodeToString(d.dev.seal(k, ad(DraftKeysName, name)))
	if err := d.writeDraftKeys(f); err != nil {
		return ck, false, err
	}
	ck, err = newCipherKey(k)
	return ck, err == nil, err
}

// destroyDraftKey removes the data key of draft name: what is left of the draft in the
// database's free pages can no longer be decrypted.
func (d *DB) destroyDraftKey(name string) error {
	d.draftMu.Lock()
	defer d.draftMu.Unlock()
	f, err := d.readDraftKeys()
	if err != nil {
		return err
	}
	if _, ok := f.Keys[name]; !ok {
		return nil
	}
	delete(f.Keys, name)
	return d.writeDraftKeys(f)
}

// pruneDraftKeys destroys the keys of drafts no longer in the database (a crash between
// deleting a draft and destroying its key). Open calls it.
func (d *DB) pruneDraftKeys(ctx context.Context) error {
	d.draftMu.Lock()
	defer d.draftMu.Unlock()
	f, err := d.readDraftKeys()
	if err != nil || len(f.Keys) == 0 {
		return err
	}
	n := len(f.Keys)
	err = d.view(ctx, func(tx *bolt.Tx) error {
		for name := range f.Keys {
			if tx.Bucket(bucketDrafts).Get([]byte(name)) == nil {
				delete(f.Keys, name)
			}
		}
		return nil
	})
	if err != nil || len(f.Keys) == n {
		return err
	}
	return d.writeDraftKeys(f)
}

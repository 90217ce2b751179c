package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// How the device key is protected (Options.Protection, DB.KeyProtection).
const (
	// ProtectionAuto uses a passphrase when one is given, else the OS keyring when it
	// works, else a plain key file (reported as not protected).
	ProtectionAuto = "auto"
	// ProtectionPassphrase requires device.key sealed with argon2id by a passphrase.
	ProtectionPassphrase = "passphrase"
	// ProtectionFile is a plain device.key beside the database: a copied data dir opens.
	ProtectionFile = "file"
	// ProtectionKeyring is the OS keyring (reported by KeyProtection only).
	ProtectionKeyring = "keyring"
)

// ErrNotProtected means the configuration asks for a protected device key and the key of
// this database is not (yet) protected that way.
var ErrNotProtected = errors.New("the device key is not protected as the configuration asks")

// KeyProtection reports how this database's device key is kept: ProtectionPassphrase,
// ProtectionKeyring or ProtectionFile (a plain file: anyone with a copy of the data dir
// can open the database).
func (d *DB) KeyProtection() string {
	if d.keySource == keySourceKeyring {
		return ProtectionKeyring
	}
	data, err := os.ReadFile(filepath.Join(d.dir, KeyFileName))
	if err != nil {
		return ProtectionFile
	}
	if kf, _, _, err := parseKeyFile(data); err == nil && kf.KDF == "argon2id" {
		return ProtectionPassphrase
	}
	return ProtectionFile
}

// checkProtection refuses a key weaker than opts.Protection asks for.
func (d *DB) checkProtection() error {
	if d.opts.Protection == ProtectionPassphrase && d.KeyProtection() != ProtectionPassphrase {
		return fmt.Errorf("%w: store.key_protection is passphrase but the device key is kept as %s (run enrolctl rekey --to passphrase)", ErrNotProtected, d.KeyProtection())
	}
	return nil
}

// Rekey changes how the device key of the database in dir is protected: sealed by
// newPassphrase (argon2id, opts.Argon2), or a plain file when newPassphrase is empty.
// opts must open the database as it is now (its current passphrase). The data is not
// re-encrypted: only device.key is re-wrapped, durably; a key kept in the OS keyring moves
// to device.key. The change is audited. It returns the new protection.
func Rekey(ctx context.Context, dir string, opts Options, newPassphrase []byte) (string, error) {
	opts.Protection = ProtectionAuto
	d, err := Open(ctx, dir, opts)
	if err != nil {
		return "", err
	}
	defer d.Close()
	key, err := loadDeviceKey(dir, d.keySource, &d.opts)
	if err != nil {
		return "", err
	}
	data, err := encodeKeyFile(key, newPassphrase, d.opts.argon2())
	if err != nil {
		return "", err
	}
	if err := durable.WriteFile(filepath.Join(dir, KeyFileName), data, 0o600); err != nil {
		return "", fmt.Errorf("save the re-wrapped device key: %w", err)
	}
	protection := ProtectionFile
	if len(newPassphrase) > 0 {
		protection = ProtectionPassphrase
	}
	err = d.update(ctx, func(tx *bolt.Tx) error {
		if d.keySource != keySourceFile {
			if err := tx.Bucket(bucketMeta).Put(metaKeySource, []byte(keySourceFile)); err != nil {
				return err
			}
		}
		return d.appendAudit(tx, AuditEntry{Event: EventRekeyed, Detail: "device key now kept as " + protection})
	})
	if err != nil {
		return "", fmt.Errorf("record the new key protection (device.key is already re-wrapped): %w", err)
	}
	d.keySource = keySourceFile
	return protection, nil
}

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
	// ProtectionTPM seals device.key to this machine's TPM 2.0 (Options.OpenTPM).
	ProtectionTPM = "tpm"
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
	} else if err == nil && kf.KDF == "tpm" {
		return ProtectionTPM
	}
	return ProtectionFile
}

// checkProtection refuses a key weaker than opts.Protection asks for.
func (d *DB) checkProtection() error {
	if p := d.opts.Protection; (p == ProtectionPassphrase || p == ProtectionTPM) && d.KeyProtection() != p {
		return fmt.Errorf("%w: store.key_protection is %s but the device key is kept as %s (run enrolctl rekey --to %s)", ErrNotProtected, p, d.KeyProtection(), p)
	}
	return nil
}

// Rekey changes how the device key of the database in dir is protected, to: ProtectionTPM
// (sealed to opts.OpenTPM's TPM), ProtectionPassphrase (sealed by newPassphrase with
// argon2id, opts.Argon2) or ProtectionFile (a plain file). opts must open the database as
// it is now (its current passphrase or TPM). The data is not re-encrypted: only
// device.key is re-wrapped, durably; a key kept in the OS keyring moves to device.key.
// The change is audited. It returns the new protection.
func Rekey(ctx context.Context, dir string, opts Options, to string, newPassphrase []byte) (string, error) {
	if to == ProtectionPassphrase && len(newPassphrase) == 0 {
		return "", fmt.Errorf("%w: no new passphrase given", ErrInvalid)
	}
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
	var data []byte
	switch to {
	case ProtectionTPM:
		data, err = encodeTPMKeyFile(key, opts.OpenTPM)
	case ProtectionPassphrase:
		data, err = encodeKeyFile(key, newPassphrase, d.opts.argon2())
	case ProtectionFile:
		data, err = encodeKeyFile(key, nil, d.opts.argon2())
	default:
		err = fmt.Errorf("%w: key protection %q is not tpm, passphrase or file", ErrInvalid, to)
	}
	if err != nil {
		return "", err
	}
	if err := durable.WriteFile(filepath.Join(dir, KeyFileName), data, 0o600); err != nil {
		return "", fmt.Errorf("save the re-wrapped device key: %w", err)
	}
	protection := to
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

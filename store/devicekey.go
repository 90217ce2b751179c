package store

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// Keyring keeps the device key in the operating system's keyring. Get returns an error
// wrapping ErrNotFound when there is no entry. OSKeyring is the real one.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
}

// Where the device key is kept; recorded in the database so that a missing key is
// reported precisely and never silently replaced.
const (
	keySourceKeyring = "keyring"
	keySourceFile    = "file"
)

const keyringService = "enrolkiosk"

// keyringUser names the keyring entry of the data dir at dir.
func keyringUser(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	sum := sha256.Sum256([]byte(abs))
	return "device-key-" + hex.EncodeToString(sum[:6])
}

// loadDeviceKey finds the key of an existing database, from where it was first kept.
func loadDeviceKey(dir, source string, o *Options) ([]byte, error) {
	if source == keySourceKeyring {
		if o.Keyring == nil {
			return nil, fmt.Errorf("%w: it is kept in the OS keyring, which is not available to this process (unlock the keyring or run as the same user)", ErrKeyMissing)
		}
		v, err := o.Keyring.Get(keyringService, keyringUser(dir))
		if err != nil {
			return nil, fmt.Errorf("%w: OS keyring entry %s/%s: %w", ErrKeyMissing, keyringService, keyringUser(dir), err)
		}
		k, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(k) != keySize {
			return nil, fmt.Errorf("%w: OS keyring entry %s/%s is malformed", ErrWrongKey, keyringService, keyringUser(dir))
		}
		return k, nil
	}
	path := filepath.Join(dir, KeyFileName)
	k, err := readKeyFile(path, o)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s is gone; restore it from a backup (a new key cannot read the enrolments already stored)", ErrKeyMissing, path)
	}
	return k, err
}

// createDeviceKey finds or makes the key for a new database and reports where it is kept.
func createDeviceKey(dir string, o *Options) ([]byte, string, error) {
	if o.Protection == ProtectionPassphrase && len(o.Passphrase) == 0 {
		return nil, "", fmt.Errorf("%w: store.key_protection is passphrase: type one on the unlock screen or set store.passphrase to a credential reference", ErrPassphraseRequired)
	}
	path := filepath.Join(dir, KeyFileName)
	k, err := readKeyFile(path, o)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, keySourceFile, err
	}
	if o.protection() == ProtectionTPM {
		k = randomKey()
		data, err := encodeTPMKeyFile(k, o.OpenTPM)
		if err != nil {
			return nil, "", err
		}
		if err := durable.WriteFile(path, data, 0o600); err != nil {
			return nil, "", fmt.Errorf("save the device key: %w", err)
		}
		return k, keySourceFile, nil
	}
	if o.Keyring != nil && len(o.Passphrase) == 0 {
		if k, ok := keyringKey(dir, o); ok {
			return k, keySourceKeyring, nil
		}
	}
	k = randomKey()
	data, err := encodeKeyFile(k, o.Passphrase, o.argon2())
	if err != nil {
		return nil, "", err
	}
	if err := durable.WriteFile(path, data, 0o600); err != nil {
		return nil, "", fmt.Errorf("save the device key: %w", err)
	}
	return k, keySourceFile, nil
}

// keyringKey returns the keyring's key for dir, making one when there is none. ok is false
// when the keyring cannot be used, so the caller falls back to a key file.
func keyringKey(dir string, o *Options) ([]byte, bool) {
	v, err := o.Keyring.Get(keyringService, keyringUser(dir))
	if err == nil {
		k, derr := base64.StdEncoding.DecodeString(v)
		return k, derr == nil && len(k) == keySize
	}
	if !errors.Is(err, ErrNotFound) {
		o.logger().Info("OS keyring not usable; keeping the device key in a file", "err", err)
		return nil, false
	}
	k := randomKey()
	if err := o.Keyring.Set(keyringService, keyringUser(dir), base64.StdEncoding.EncodeToString(k)); err != nil {
		o.logger().Info("OS keyring refused the device key; keeping it in a file", "err", err)
		return nil, false
	}
	return k, true
}

// readKeyFile reads and unseals the key file at path (with the passphrase or the TPM of
// o); it refuses a file others can read.
func readKeyFile(path string, o *Options) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkKeyFileAccess(path, fi); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", ErrBadKeyFile, path, err)
	}
	if kf, _, _, perr := parseKeyFile(data); perr == nil && kf.KDF == "tpm" {
		pub, _ := base64.StdEncoding.DecodeString(kf.TPMPublic)
		priv, _ := base64.StdEncoding.DecodeString(kf.TPMPrivate)
		k, err := tpmUnseal(o.OpenTPM, pub, priv)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return k, nil
	}
	k, err := decodeKeyFile(data, o.Passphrase)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

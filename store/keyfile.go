package store

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// KeyFileName is the device key file inside the data dir, used when no OS keyring is.
const KeyFileName = "device.key"

// Argon2Params sets the cost of deriving a key from the passphrase (argon2id).
type Argon2Params struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
}

// DefaultArgon2 is the passphrase cost used when Options.Argon2 is zero (RFC 9106's
// second recommended setting).
var DefaultArgon2 = Argon2Params{Time: 3, MemoryKiB: 64 << 10, Threads: 4}

// Upper bounds accepted from a key file, so a forged file cannot exhaust the machine.
const (
	maxArgonTime   = 64
	maxArgonMemory = 4 << 20 // KiB: 4 GiB
)

// keyFile is the JSON form of the device key file.
type keyFile struct {
	Version int    `json:"version"`
	KDF     string `json:"kdf"` // "none", "argon2id" or "tpm"
	Argon2Params
	Salt string `json:"salt,omitempty"`
	Key  string `json:"key"` // base64: the key, or the key sealed by the passphrase; empty for tpm
	// TPMPublic and TPMPrivate (base64) are the TPM's sealed object holding the key.
	TPMPublic  string `json:"tpm_public,omitempty"`
	TPMPrivate string `json:"tpm_private,omitempty"`
}

const keyFileAD = "enrolkiosk device.key"

// encodeKeyFile returns the file content for key, sealed by passphrase when one is given.
func encodeKeyFile(key, passphrase []byte, p Argon2Params) ([]byte, error) {
	kf := keyFile{Version: 1, KDF: "none", Key: base64.StdEncoding.EncodeToString(key)}
	if len(passphrase) > 0 {
		salt := randomKey()[:16]
		ck, err := newCipherKey(argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, keySize))
		if err != nil {
			return nil, err
		}
		kf = keyFile{Version: 1, KDF: "argon2id", Argon2Params: p,
			Salt: base64.StdEncoding.EncodeToString(salt),
			Key:  base64.StdEncoding.EncodeToString(ck.seal(key, []byte(keyFileAD)))}
	}
	return json.MarshalIndent(kf, "", "  ")
}

// parseKeyFile checks the file's form without deriving anything.
func parseKeyFile(data []byte) (keyFile, []byte, []byte, error) {
	var kf keyFile
	if err := json.Unmarshal(data, &kf); err != nil {
		return kf, nil, nil, fmt.Errorf("%w: not JSON: %v", ErrBadKeyFile, err)
	}
	if kf.Version != 1 {
		return kf, nil, nil, fmt.Errorf("%w: version %d is not supported", ErrBadKeyFile, kf.Version)
	}
	if kf.KDF == "tpm" {
		_, err1 := base64.StdEncoding.DecodeString(kf.TPMPublic)
		_, err2 := base64.StdEncoding.DecodeString(kf.TPMPrivate)
		if err1 != nil || err2 != nil || kf.TPMPublic == "" || kf.TPMPrivate == "" {
			return kf, nil, nil, fmt.Errorf("%w: the TPM blobs are missing or not base64", ErrBadKeyFile)
		}
		return kf, nil, nil, nil
	}
	key, err := base64.StdEncoding.DecodeString(kf.Key)
	if err != nil {
		return kf, nil, nil, fmt.Errorf("%w: key is not base64", ErrBadKeyFile)
	}
	switch kf.KDF {
	case "none":
		if len(key) != keySize {
			return kf, nil, nil, fmt.Errorf("%w: key has %d bytes, want %d", ErrBadKeyFile, len(key), keySize)
		}
		return kf, key, nil, nil
	case "argon2id":
		salt, err := base64.StdEncoding.DecodeString(kf.Salt)
		if err != nil || len(salt) < 8 {
			return kf, nil, nil, fmt.Errorf("%w: salt is missing or not base64", ErrBadKeyFile)
		}
		if kf.Time == 0 || kf.Time > maxArgonTime || kf.MemoryKiB < 8 || kf.MemoryKiB > maxArgonMemory || kf.Threads == 0 {
			return kf, nil, nil, fmt.Errorf("%w: argon2id parameters out of range", ErrBadKeyFile)
		}
		return kf, key, salt, nil
	}
	return kf, nil, nil, fmt.Errorf("%w: kdf %q is not one of none, argon2id, tpm", ErrBadKeyFile, kf.KDF)
}

// decodeKeyFile returns the device key held in data, unsealing it with passphrase.
func decodeKeyFile(data, passphrase []byte) ([]byte, error) {
	kf, key, salt, err := parseKeyFile(data)
	if err != nil || kf.KDF == "none" {
		return key, err
	}
	if kf.KDF == "tpm" {
		return nil, fmt.Errorf("%w: no TPM was given", ErrTPMRequired)
	}
	if len(passphrase) == 0 {
		return nil, ErrPassphraseRequired
	}
	ck, err := newCipherKey(argon2.IDKey(passphrase, salt, kf.Time, kf.MemoryKiB, kf.Threads, keySize))
	if err != nil {
		return nil, err
	}
	plain, err := ck.open(key, []byte(keyFileAD))
	if err != nil || len(plain) != keySize {
		return nil, ErrWrongPassphrase
	}
	return plain, nil
}

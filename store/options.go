package store

import (
	"log/slog"
	"time"

	"github.com/google/go-tpm/tpm2/transport"
)

// Options tunes Open. The zero value is a good default for tests; the app passes a
// Keyring and, where configured, a Passphrase.
type Options struct {
	// Timeout bounds the wait for another process to release the data dir (default 1s).
	Timeout time.Duration
	// Keyring keeps the device key when set and usable; nil keeps it in KeyFileName.
	Keyring Keyring
	// Passphrase seals the device key file with argon2id; it is then needed at every Open,
	// and the key is kept in the file, not the keyring.
	Passphrase []byte
	// Argon2 sets the passphrase cost for a new key file; zero means DefaultArgon2.
	Argon2 Argon2Params
	// Protection is ProtectionAuto (""), ProtectionPassphrase (Open refuses a device key
	// not sealed by a passphrase, and a new one needs Passphrase) or ProtectionFile (the
	// passphrase is not used; the keyring or a plain file).
	Protection string
	// OpenTPM opens the TPM the device key is sealed to (OpenTPM(DefaultTPMPath); tests
	// dial swtpm); nil means no TPM. With ProtectionAuto a new key goes to the TPM first.
	OpenTPM func() (transport.TPMCloser, error)
	// Recover moves a damaged or foreign database file aside (renamed with a timestamp)
	// and starts a new one. Set it only with the operator's consent.
	Recover bool
	// ReadOnly opens the database file read-only (a 0400 file, a copy under inspection):
	// reads work, every change fails. A database that is new or needs a schema migration
	// cannot be opened read-only. Recover is ignored.
	ReadOnly bool
	// MinFreeBytes is the free space below which Seal refuses (default 32 MiB).
	MinFreeBytes uint64
	// CompactFreePages is the number of free pages at which Compact (and Maintain) rewrite
	// the file whatever its free ratio (default DefaultCompactFreePages).
	CompactFreePages int
	// Logger receives operational messages (never personal data); nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DefaultMinFreeBytes is the free space Seal keeps in reserve when Options.MinFreeBytes is 0.
const DefaultMinFreeBytes = 32 << 20

func (o *Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// protection is the protection a new device key gets.
func (o *Options) protection() string {
	switch {
	case o.Protection != "" && o.Protection != ProtectionAuto:
		return o.Protection
	case o.OpenTPM != nil:
		return ProtectionTPM
	case len(o.Passphrase) > 0:
		return ProtectionPassphrase
	}
	return ProtectionFile
}

func (o *Options) argon2() Argon2Params {
	if o.Argon2 == (Argon2Params{}) {
		return DefaultArgon2
	}
	return o.Argon2
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = time.Second
	}
	if o.MinFreeBytes == 0 {
		o.MinFreeBytes = DefaultMinFreeBytes
	}
	if o.CompactFreePages <= 0 {
		o.CompactFreePages = DefaultCompactFreePages
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Logger = o.logger()
	return o
}

// ReadOnly reports whether d was opened read-only (Options.ReadOnly): nothing it is asked
// to do is recorded, the audit log included.
func (d *DB) ReadOnly() bool { return d.opts.ReadOnly }

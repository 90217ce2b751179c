package fleet

import (
	"context"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// How a device key may be protected, as reported in Health.KeyProtection.
const (
	KeyTPM        = "tpm"        // sealed to the machine's TPM
	KeyPassphrase = "passphrase" // the key file is sealed with a passphrase (argon2id)
	KeyFile       = "file"       // a key file (or keyring entry) readable by the app's user
)

// KeySource says how the device key is protected. It is an interface so that the store's
// own report can replace ConfigKeys when the store records it.
type KeySource interface {
	KeyProtection(ctx context.Context) (string, error)
}

// ConfigKeys reports the key protection the store configuration asks for: a passphrase
// when one is set, else a file.
type ConfigKeys struct{ Store config.Store }

var _ KeySource = ConfigKeys{}

// KeyProtection implements KeySource.
func (k ConfigKeys) KeyProtection(context.Context) (string, error) {
	if !k.Store.Passphrase.IsZero() {
		return KeyPassphrase, nil
	}
	return KeyFile, nil
}

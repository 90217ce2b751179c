package fleet

import (
	"context"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// How a device key may be protected, as reported in Health.KeyProtection.
const (
	KeyTPM        = "tpm"        // sealed to the machine's TPM
	KeyPassphrase = "passphrase" // the key file is sealed with a passphrase (argon2id)
	KeyFile       = "file"       // a key file readable by the app's user
	KeyKeyring    = "keyring"    // the OS keyring of the app's user
)

// KeySource says how the device key is protected: StoreKeys from the open store, or
// ConfigKeys from the configuration when no store is open.
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

// StoreKeys reports how the open store's device key is actually kept (a TPM, a
// passphrase, the OS keyring or a plain file), whatever the configuration asks.
type StoreKeys struct {
	DB interface{ KeyProtection() string }
}

var _ KeySource = StoreKeys{}

// KeyProtection implements KeySource.
func (k StoreKeys) KeyProtection(context.Context) (string, error) {
	return k.DB.KeyProtection(), nil
}

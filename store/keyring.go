package store

import (
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"
)

// OSKeyring is the operating system's keyring (Secret Service on Linux, Keychain on macOS,
// Credential Manager on Windows).
type OSKeyring struct{}

var _ Keyring = OSKeyring{}

// Get returns the secret stored for service and user, or an error wrapping ErrNotFound.
func (OSKeyring) Get(service, user string) (string, error) {
	v, err := keyring.Get(service, user)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", fmt.Errorf("%w: keyring entry %s/%s", ErrNotFound, service, user)
	}
	return v, err
}

// Set stores secret for service and user.
func (OSKeyring) Set(service, user, secret string) error {
	return keyring.Set(service, user, secret)
}

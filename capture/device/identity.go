package device

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
)

// ErrNoInstallationID means the store handed over an empty installation id.
var ErrNoInstallationID = errors.New("device: no installation id (the store makes one when it is first opened)")

// Identity is what the headers x-installation_id and x-fingerprint carry.
type Identity struct {
	InstallationID string
	Fingerprint    string
}

// NewIdentity builds the identity from the store's installation id and device public
// key, and this machine's facts.
func NewIdentity(ctx context.Context, installationID string, pub ed25519.PublicKey, src FactSource) (Identity, error) {
	if installationID == "" {
		return Identity{}, ErrNoInstallationID
	}
	if len(pub) != ed25519.PublicKeySize {
		return Identity{}, fmt.Errorf("device: public key is %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	}
	facts, err := src.Read(ctx)
	if err != nil {
		return Identity{}, fmt.Errorf("device: read machine facts: %w", err)
	}
	return Identity{InstallationID: installationID, Fingerprint: Fingerprint(facts, pub)}, nil
}

package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// Identity is this installation's identity, made once when the database is created. The
// sync layer sends InstallationID as x-installation_id and derives x-fingerprint from
// machine facts and PublicKey.
type Identity struct {
	// InstallationID is a random UUID.
	InstallationID string
	// PublicKey is the device's Ed25519 public key.
	PublicKey ed25519.PublicKey
	// PrivateKey is the device's Ed25519 private key; it is stored encrypted.
	PrivateKey ed25519.PrivateKey
}

// initIdentity makes the installation id and device key pair of a new database.
func (d *DB) initIdentity(m *bolt.Bucket) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("make device key pair: %w", err)
	}
	for k, v := range map[string][]byte{
		string(metaInstallID): []byte(uuid.NewString()),
		string(metaDevPub):    pub,
		string(metaDevPriv):   d.meta.seal(priv.Seed(), ad("meta", string(metaDevPriv))),
	} {
		if err := m.Put([]byte(k), v); err != nil {
			return fmt.Errorf("save identity: %w", err)
		}
	}
	return nil
}

// Identity returns the installation id and the device key pair.
func (d *DB) Identity(ctx context.Context) (Identity, error) {
	var id Identity
	err := d.view(ctx, func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		seed, err := d.meta.open(m.Get(metaDevPriv), ad("meta", string(metaDevPriv)))
		if err != nil {
			return err
		}
		if len(seed) != ed25519.SeedSize {
			return fmt.Errorf("%w: device key has %d bytes", ErrTampered, len(seed))
		}
		id.InstallationID = string(m.Get(metaInstallID))
		id.PrivateKey = ed25519.NewKeyFromSeed(seed)
		id.PublicKey = id.PrivateKey.Public().(ed25519.PublicKey)
		if !bytes.Equal(id.PublicKey, m.Get(metaDevPub)) {
			return fmt.Errorf("%w: device public key does not match its private key", ErrTampered)
		}
		return nil
	})
	return id, err
}

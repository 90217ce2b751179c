package store

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// keySize is the size of every symmetric key: device key, data keys, sub-keys.
const keySize = chacha20poly1305.KeySize

// cipherKey is an XChaCha20-Poly1305 key bound to its AEAD.
type cipherKey struct{ aead cipher.AEAD }

func newCipherKey(k []byte) (cipherKey, error) {
	a, err := chacha20poly1305.NewX(k)
	if err != nil {
		return cipherKey{}, fmt.Errorf("make cipher: %w", err)
	}
	return cipherKey{aead: a}, nil
}

// seal encrypts plain with a fresh random nonce; ad binds the result to where it is stored.
func (c cipherKey) seal(plain, ad []byte) []byte {
	return c.sealTo(make([]byte, 0, sealedSize(len(plain))), plain, ad)
}

// sealTo is seal into dst's memory (dst[:0], grown if its capacity is short).
func (c cipherKey) sealTo(dst, plain, ad []byte) []byte {
	out := append(dst[:0], make([]byte, chacha20poly1305.NonceSizeX)...)
	if _, err := rand.Read(out); err != nil {
		panic("store: crypto/rand failed: " + err.Error()) // crypto/rand never fails on Linux
	}
	return c.aead.Seal(out, out, plain, ad)
}

// sealedSize is the size seal makes of n bytes: nonce, ciphertext, tag.
func sealedSize(n int) int { return chacha20poly1305.NonceSizeX + n + chacha20poly1305.Overhead }

// open decrypts a value made by seal with the same ad; any change gives ErrTampered.
func (c cipherKey) open(sealed, ad []byte) ([]byte, error) {
	n := chacha20poly1305.NonceSizeX
	if len(sealed) < n+chacha20poly1305.Overhead {
		return nil, fmt.Errorf("%w: value at %s is too short", ErrTampered, ad)
	}
	plain, err := c.aead.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, fmt.Errorf("%w: value at %s does not decrypt", ErrTampered, ad)
	}
	return plain, nil
}

// randomKey returns a new random symmetric key.
func randomKey() []byte {
	k := make([]byte, keySize)
	if _, err := rand.Read(k); err != nil {
		panic("store: crypto/rand failed: " + err.Error())
	}
	return k
}

// subKey derives a purpose-bound key from the device key with HKDF-SHA256.
func subKey(deviceKey []byte, purpose string) []byte {
	k, err := hkdf.Key(sha256.New, deviceKey, nil, "enrolkiosk store "+purpose, keySize)
	if err != nil {
		panic("store: hkdf: " + err.Error()) // only fails for absurd lengths
	}
	return k
}

// ad builds associated data from the bucket path and key of a stored value.
func ad(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, p...)
	}
	return b
}

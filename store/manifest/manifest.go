package manifest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
)

// Format and Version identify the manifest schema; a verifier refuses others.
const (
	Format  = "enrolkiosk-evidence-manifest"
	Version = 1
)

// Names of the files an export holds besides the evidence.
const (
	FileName   = "manifest.json"
	SigName    = "manifest.sig"
	PubKeyName = "device.pub.pem"
)

// Sentinel errors.
var (
	// ErrMalformed means bytes are not a manifest of a known format and version.
	ErrMalformed = errors.New("not a valid evidence manifest")
	// ErrBadSignature means the signature does not verify with the public key.
	ErrBadSignature = errors.New("the manifest signature does not verify with the device public key")
	// ErrBadKey means a public key is not an Ed25519 key in PEM SubjectPublicKeyInfo form.
	ErrBadKey = errors.New("not an Ed25519 public key in PEM (SubjectPublicKeyInfo)")
)

// Manifest is the signed description of one sealed enrolment. Its JSON form is
// canonical (see Canonical); field names are the JSON keys.
type Manifest struct {
	Format         string    `json:"format"`
	Version        int       `json:"version"`
	EnrolmentID    string    `json:"enrolment_id"`
	SealedAt       string    `json:"sealed_at"` // RFC 3339, UTC, nanoseconds
	Profile        string    `json:"profile"`
	OperatorID     string    `json:"operator_id"`
	Branch         string    `json:"branch,omitempty"`
	InstallationID string    `json:"installation_id"`
	DeviceKey      string    `json:"device_key_sha256"` // hex SHA-256 of the public key's DER SubjectPublicKeyInfo
	Location       *Location `json:"location,omitempty"`
	Terms          Terms     `json:"terms"`
	Checks         Checks    `json:"security_checks"`
	Items          []Item    `json:"items"`
}

// Location is where the device was, when known.
type Location struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Terms names the terms the customer accepted and the SHA-256 of the exact text shown.
type Terms struct {
	Version    string `json:"version"`
	SHA256     string `json:"sha256"`
	AcceptedAt string `json:"accepted_at"` // RFC 3339, UTC
}

// Checks are the operator's attestations.
type Checks struct {
	OriginalDocumentSeen bool `json:"original_document_seen"`
	FaceMatches          bool `json:"face_matches"`
	NotExpired           bool `json:"not_expired"`
}

// Item is one piece of evidence: the file an export writes it to, its SHA-256 (lower-case
// hex), size in bytes and media type.
type Item struct {
	Kind      string `json:"kind"`
	File      string `json:"file"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
}

// Marshal returns the canonical bytes of m, the bytes that are signed.
func (m Manifest) Marshal() ([]byte, error) { return Canonical(m) }

// Sign returns the canonical bytes of m and their Ed25519 signature (64 bytes).
func Sign(m Manifest, key ed25519.PrivateKey) (data, sig []byte, err error) {
	data, err = m.Marshal()
	if err != nil {
		return nil, nil, err
	}
	return data, ed25519.Sign(key, data), nil
}

// Parse checks that data is a manifest of this Format and Version in canonical form and
// decodes it. It does not check the signature.
func Parse(data []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if m.Format != Format || m.Version != Version {
		return m, fmt.Errorf("%w: format %q version %d, want %q version %d", ErrMalformed, m.Format, m.Version, Format, Version)
	}
	if canon, err := m.Marshal(); err != nil || !bytes.Equal(canon, data) {
		return m, fmt.Errorf("%w: not in canonical form", ErrMalformed)
	}
	return m, nil
}

// Verify checks sig over data with pub and returns the parsed manifest; the manifest's
// device_key_sha256 must name pub.
func Verify(data, sig []byte, pub ed25519.PublicKey) (Manifest, error) {
	if len(sig) != ed25519.SignatureSize || len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, data, sig) {
		return Manifest{}, ErrBadSignature
	}
	m, err := Parse(data)
	if err != nil {
		return m, err
	}
	if fp := Fingerprint(pub); m.DeviceKey != fp {
		return m, fmt.Errorf("%w: the manifest names device key %s, the key given is %s", ErrBadSignature, m.DeviceKey, fp)
	}
	return m, nil
}

// Fingerprint returns the hex SHA-256 of pub's DER SubjectPublicKeyInfo, what
// `openssl pkey -pubin -in device.pub.pem -outform DER | sha256sum` prints.
func Fingerprint(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// PublicKeyPEM returns pub as a PEM "PUBLIC KEY" block (SubjectPublicKeyInfo).
func PublicKeyPEM(pub ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("encode the device public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// ParsePublicKeyPEM reads an Ed25519 public key in PEM SubjectPublicKeyInfo form.
func ParsePublicKeyPEM(b []byte) (ed25519.PublicKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("%w: no PEM PUBLIC KEY block", ErrBadKey)
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: the key is %T", ErrBadKey, k)
	}
	return pub, nil
}

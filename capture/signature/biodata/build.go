package biodata

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"filippo.io/age"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
)

// API limits on the base64 text of each field ("max allowed length" in the Biometric
// Signature API; counted in characters of the base64 string, 1 KB = 1000).
const (
	MaxBiometricData  = 300_000
	MaxSignatureImage = 500_000
)

// Options configure BiometricData.
type Options struct {
	// Recipient is an age X25519 recipient ("age1..."); empty leaves the envelope plain.
	Recipient string
	// CapturedAt is the acceptance time; zero means now.
	CapturedAt time.Time
	// Binding, when set, is recorded in the envelope; the doc hash must be its Hash.
	Binding *Binding
	// Signer, when set, is the device's Ed25519 key: it signs the record inside the
	// envelope, before the envelope is encrypted.
	Signer crypto.Signer
}

// BiometricData builds the biometric_data bytes for sig bound to the document whose
// SHA-256 is doc: the JSON envelope, age-encrypted when opt.Recipient is set. The result
// is what the sync step base64-encodes; it fails with ErrTooLarge when that base64 text
// would pass MaxBiometricData, and with iso19794.ErrUnencodable for impossible values.
func BiometricData(sig signature.Signature, doc [sha256.Size]byte, opt Options) ([]byte, error) {
	rec, err := iso19794.FromSignature(sig)
	if err != nil {
		return nil, err
	}
	iso, err := iso19794.Encode(rec)
	if err != nil {
		return nil, err
	}
	at := opt.CapturedAt
	if at.IsZero() {
		at = time.Now()
	}
	env := Envelope{Format: EnvelopeFormat, Version: 1, Device: sig.Device,
		DocumentSHA256: hex.EncodeToString(doc[:]), CapturedAt: at.UTC().Truncate(time.Millisecond), ISO: iso, Binding: opt.Binding}
	if opt.Binding != nil && opt.Binding.Hash() != doc {
		return nil, fmt.Errorf("%w: the document hash is not the hash of the binding given", ErrMalformed)
	}
	if opt.Signer != nil {
		if err := env.sign(opt.Signer); err != nil {
			return nil, err
		}
	}
	out, err := json.Marshal(env)
	if err != nil {
		return nil, fmt.Errorf("encode biometric envelope: %w", err)
	}
	if opt.Recipient != "" {
		if out, err = encrypt(out, opt.Recipient); err != nil {
			return nil, err
		}
	}
	if n := base64.StdEncoding.EncodedLen(len(out)); n > MaxBiometricData {
		return nil, fmt.Errorf("%w: biometric_data would be %d KB of base64 (limit %d KB) for %d samples: ask the signer to sign again, shorter",
			ErrTooLarge, n/1000, MaxBiometricData/1000, len(sig.Samples))
	}
	return out, nil
}

// encrypt seals b to the X25519 recipient.
func encrypt(b []byte, recipient string) ([]byte, error) {
	r, err := age.ParseX25519Recipient(recipient)
	if err != nil {
		return nil, fmt.Errorf("trusted third party key (signature.trusted_third_party) is not an age X25519 recipient: %w", err)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, fmt.Errorf("encrypt biometric data: %w", err)
	}
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("encrypt biometric data: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypt biometric data: %w", err)
	}
	return buf.Bytes(), nil
}

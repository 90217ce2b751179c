package biodata

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
)

// EnvelopeFormat is the "format" value of an envelope.
const EnvelopeFormat = "enrolkiosk-biodata"

// Sentinel errors.
var (
	// ErrMalformed means bytes are neither an envelope nor an ISO/IEC 19794-7 record.
	ErrMalformed = errors.New("not valid biometric signature data")
	// ErrEncrypted means the data is age-encrypted to the trusted third party and cannot
	// be read here (by design).
	ErrEncrypted = errors.New("biometric data is encrypted to the trusted third party and cannot be read on this device")
	// ErrTooLarge means an output passes the API's size limit; the signer must sign again.
	ErrTooLarge = errors.New("signature data is larger than the backend accepts")
)

// Envelope is the plain biometric_data: the record bound to the document being signed.
type Envelope struct {
	// Format is EnvelopeFormat; Version is 1.
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Device describes the pen device (kind, name, ranges, resolution, sample rate).
	Device signature.Device `json:"device"`
	// DocumentSHA256 is the hex SHA-256 of the document the signature is for; empty when
	// the envelope was made from a bare record.
	DocumentSHA256 string `json:"document_sha256"`
	// CapturedAt is when the signer accepted the signature (UTC).
	CapturedAt time.Time `json:"captured_at"`
	// ISO is the ISO/IEC 19794-7 record (base64 in JSON).
	ISO []byte `json:"iso19794_7"`
	// Binding, when present, is what DocumentSHA256 hashes (Binding.Hash): this
	// transaction's terms, enrolment, applicant record and ID images.
	Binding *Binding `json:"binding,omitempty"`
	// DeviceSignature is the device's Ed25519 signature of the document hash, capture
	// time and record (base64 in JSON), made before the envelope is encrypted;
	// DeviceKeySHA256 names the key (fingerprint as in the evidence manifest).
	DeviceSignature []byte `json:"device_signature,omitempty"`
	DeviceKeySHA256 string `json:"device_key_sha256,omitempty"`
	// Record is ISO decoded; not serialised.
	Record iso19794.Record `json:"-"`
}

// Signature returns the decoded samples with the envelope's device description.
func (e Envelope) Signature() signature.Signature {
	return signature.Signature{Device: e.Device, Samples: e.Record.Samples}
}

// IsAgeEncrypted reports whether b is an age file, binary or armored.
func IsAgeEncrypted(b []byte) bool {
	return bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) ||
		bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("-----BEGIN AGE ENCRYPTED FILE-----"))
}

// Parse reads biometric_data: an envelope, or a bare ISO/IEC 19794-7 record (the device
// is then what the record describes). Age-encrypted data fails with ErrEncrypted.
func Parse(b []byte) (Envelope, error) {
	switch {
	case IsAgeEncrypted(b):
		return Envelope{}, ErrEncrypted
	case bytes.HasPrefix(b, []byte(iso19794.FormatID)):
		rec, err := iso19794.Decode(b)
		if err != nil {
			return Envelope{}, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		return Envelope{Format: EnvelopeFormat, Version: 1, Device: rec.Signature().Device, ISO: b, Record: rec}, nil
	}
	var e Envelope
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Envelope{}, fmt.Errorf("%w: not an envelope (JSON) nor an ISO/IEC 19794-7 record: %w", ErrMalformed, err)
	}
	if e.Format != EnvelopeFormat || e.Version != 1 {
		return Envelope{}, fmt.Errorf("%w: envelope format %q version %d, want %q version 1", ErrMalformed, e.Format, e.Version, EnvelopeFormat)
	}
	if d, err := hex.DecodeString(e.DocumentSHA256); err != nil || len(d) != 32 {
		return Envelope{}, fmt.Errorf("%w: document_sha256 %q is not 64 hex digits", ErrMalformed, e.DocumentSHA256)
	}
	if e.Binding != nil {
		if err := e.Binding.Validate(); err != nil {
			return Envelope{}, err
		}
		if h := e.Binding.Hash(); hex.EncodeToString(h[:]) != e.DocumentSHA256 {
			return Envelope{}, fmt.Errorf("%w: document_sha256 is not the hash of the envelope's binding", ErrMalformed)
		}
	}
	rec, err := iso19794.Decode(e.ISO)
	if err != nil {
		return Envelope{}, fmt.Errorf("%w: iso19794_7: %w", ErrMalformed, err)
	}
	e.Record = rec
	return e, nil
}

package biodata

import (
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// BindingVersion is the first line of the text whose SHA-256 is a transaction's document
// hash (Binding.Hash).
const BindingVersion = "enrolkiosk-transaction-v1"

// ErrBadDeviceSignature means an envelope's device signature does not verify.
var ErrBadDeviceSignature = errors.New("the biometric record's device signature does not verify")

// Binding is what the signer accepted in this transaction: the exact terms text shown,
// this enrolment, the applicant record the operator typed and the ID document images.
// Each field is lower-case hex SHA-256 except EnrolmentID (a UUID). It is carried in the
// envelope so that a verifier can recompute the document hash from the sealed evidence.
type Binding struct {
	TermsSHA256           string `json:"terms_sha256"`
	EnrolmentID           string `json:"enrolment_id"`
	ApplicantRecordSHA256 string `json:"applicant_record_sha256"`
	DocumentFrontSHA256   string `json:"document_front_sha256"`
	DocumentRearSHA256    string `json:"document_rear_sha256"`
}

// NewBinding hashes the pieces of a transaction: termsSHA256 is the hex SHA-256 of the
// terms text, record the canonical applicant record (store.ApplicantRecord), front and
// rear the sealed JPEG bytes (rear may be empty for a passport).
func NewBinding(termsSHA256, enrolmentID string, record, front, rear []byte) Binding {
	b := Binding{TermsSHA256: termsSHA256, EnrolmentID: enrolmentID,
		ApplicantRecordSHA256: hexSum(record), DocumentFrontSHA256: hexSum(front)}
	if len(rear) > 0 {
		b.DocumentRearSHA256 = hexSum(rear)
	}
	return b
}

// Text returns the text whose SHA-256 is the document hash: BindingVersion and one
// "name:value" line per field, in this order, each ending in "\n" (docs/evidence.md).
func (b Binding) Text() string {
	var s strings.Builder
	s.WriteString(BindingVersion + "\n")
	for _, kv := range [][2]string{{"terms_sha256", b.TermsSHA256}, {"enrolment_id", b.EnrolmentID},
		{"applicant_record_sha256", b.ApplicantRecordSHA256}, {"document_front_sha256", b.DocumentFrontSHA256},
		{"document_rear_sha256", b.DocumentRearSHA256}} {
		s.WriteString(kv[0] + ":" + kv[1] + "\n")
	}
	return s.String()
}

// Hash is the document hash the biometric signature is bound to.
func (b Binding) Hash() [sha256.Size]byte { return sha256.Sum256([]byte(b.Text())) }

// Validate checks that every field is present and well formed (the rear may be empty).
func (b Binding) Validate() error {
	for name, v := range map[string]string{"terms_sha256": b.TermsSHA256, "applicant_record_sha256": b.ApplicantRecordSHA256,
		"document_front_sha256": b.DocumentFrontSHA256, "document_rear_sha256": b.DocumentRearSHA256} {
		if v == "" && name == "document_rear_sha256" {
			continue
		}
		if d, err := hex.DecodeString(v); err != nil || len(d) != sha256.Size {
			return fmt.Errorf("%w: binding %s %q is not 64 hex digits", ErrMalformed, name, v)
		}
	}
	if len(b.EnrolmentID) != 36 {
		return fmt.Errorf("%w: binding enrolment_id %q is not a UUID", ErrMalformed, b.EnrolmentID)
	}
	return nil
}

// signedText is what the device signs inside an envelope: the document hash, the capture
// time and the SHA-256 of the ISO/IEC 19794-7 record.
func signedText(docSHA256 string, at time.Time, iso []byte) []byte {
	return []byte("enrolkiosk-biodata-signature-v1\n" +
		"document_sha256:" + docSHA256 + "\n" +
		"captured_at:" + at.UTC().Format(time.RFC3339Nano) + "\n" +
		"iso19794_7_sha256:" + hexSum(iso) + "\n")
}

// sign fills the envelope's device signature and key fingerprint.
func (e *Envelope) sign(s crypto.Signer) error {
	pub, ok := s.Public().(ed25519.PublicKey)
	if !ok {
		return fmt.Errorf("sign the biometric record: the device key is %T, not Ed25519", s.Public())
	}
	sig, err := s.Sign(nil, signedText(e.DocumentSHA256, e.CapturedAt, e.ISO), crypto.Hash(0))
	if err != nil {
		return fmt.Errorf("sign the biometric record: %w", err)
	}
	e.DeviceSignature, e.DeviceKeySHA256 = sig, keyFingerprint(pub)
	return nil
}

// VerifyDevice checks the envelope's device signature with pub, and that its binding
// (when present) hashes to its document hash.
func (e Envelope) VerifyDevice(pub ed25519.PublicKey) error {
	if len(e.DeviceSignature) == 0 {
		return fmt.Errorf("%w: the envelope is not signed", ErrBadDeviceSignature)
	}
	if e.DeviceKeySHA256 != keyFingerprint(pub) {
		return fmt.Errorf("%w: signed by device key %s, not %s", ErrBadDeviceSignature, e.DeviceKeySHA256, keyFingerprint(pub))
	}
	if !ed25519.Verify(pub, signedText(e.DocumentSHA256, e.CapturedAt, e.ISO), e.DeviceSignature) {
		return ErrBadDeviceSignature
	}
	return nil
}

// keyFingerprint is the hex SHA-256 of pub's DER SubjectPublicKeyInfo, as in the
// evidence manifest.
func keyFingerprint(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	return hexSum(der)
}

func hexSum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

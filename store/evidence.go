package store

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
)

// EvidenceKind names one piece of evidence. The values are the names the backends use.
type EvidenceKind string

// The evidence kinds an enrolment may carry.
const (
	DocumentFront  EvidenceKind = "document_front"  // ID document front, JPEG
	DocumentRear   EvidenceKind = "document_rear"   // ID document rear, JPEG
	DocumentOwner  EvidenceKind = "document_owner"  // selfie still, JPEG
	Video          EvidenceKind = "video"           // selfie video, WebM
	SignatureImage EvidenceKind = "signature_image" // handwritten signature, PNG
	BiometricData  EvidenceKind = "biometric_data"  // ISO/IEC 19794-7 record (maybe age-encrypted)
	// DocumentMRZ is the machine readable zone read off the ID document and how the
	// applicant form agrees with it (JSON). It is evidence for the audit; the backends'
	// deliveries take the kinds they know and leave it.
	DocumentMRZ EvidenceKind = "document_mrz"
)

// The media types evidence is sealed with: every producer labels its blobs with these and
// Export names its files after them.
const (
	MediaJPEG          = "image/jpeg"       // ID document pictures and the selfie still
	MediaWebM          = "video/webm"       // the selfie video (VP8)
	MediaPNG           = "image/png"        // the signature image
	MediaBiometricJSON = "application/json" // biometric data in plain form (ISO/IEC 19794-7 in a JSON envelope)
	MediaBiometricAge  = "application/age"  // biometric data encrypted to the trusted third party
	MediaMRZJSON       = "application/json" // the MRZ reading and its comparison with the form
)

// EvidenceKinds lists every known kind in delivery order.
var EvidenceKinds = []EvidenceKind{DocumentFront, DocumentRear, DocumentOwner, Video, SignatureImage, BiometricData, DocumentMRZ}

var kindPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,47}$`)

// Valid reports whether k can be stored: a known kind, or a lower-case name of up to 48
// characters for evidence a future profile needs.
func (k EvidenceKind) Valid() bool { return kindPattern.MatchString(string(k)) }

// Evidence describes a sealed blob. Reading it back yields exactly Size bytes whose
// SHA-256 is SHA256.
type Evidence struct {
	Kind        EvidenceKind `json:"kind"`
	ContentType string       `json:"content_type"`
	Size        int64        `json:"size"`
	SHA256      string       `json:"sha256"` // lower-case hex
	Chunks      int          `json:"chunks"`
}

// EvidenceInput is one blob handed to Seal. Data is read once, to its end, inside Seal.
type EvidenceInput struct {
	Kind        EvidenceKind
	ContentType string
	Data        io.Reader
}

// Bytes returns an EvidenceInput reading b.
func Bytes(kind EvidenceKind, contentType string, b []byte) EvidenceInput {
	return EvidenceInput{Kind: kind, ContentType: contentType, Data: &byteInput{Reader: bytes.NewReader(b), b: b}}
}

func validateInputs(in []EvidenceInput) error {
	seen := map[EvidenceKind]bool{}
	for _, ev := range in {
		switch {
		case !ev.Kind.Valid():
			return fmt.Errorf("%w: evidence kind %q is not a valid name", ErrInvalid, ev.Kind)
		case seen[ev.Kind]:
			return fmt.Errorf("%w: evidence %s given twice", ErrInvalid, ev.Kind)
		case ev.ContentType == "":
			return fmt.Errorf("%w: evidence %s has no content type", ErrInvalid, ev.Kind)
		case ev.Data == nil:
			return fmt.Errorf("%w: evidence %s has no data", ErrInvalid, ev.Kind)
		}
		seen[ev.Kind] = true
	}
	return nil
}

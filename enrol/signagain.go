package enrol

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// ErrRetakeKind means a retaken picture is not one of the ID document's sides.
var ErrRetakeKind = errors.New("only the ID document's front or rear can be retaken")

// Resigning is an amendment whose signed content changes (a retaken ID image): the
// customer signed again, and the new signature is bound to the new version.
type Resigning struct {
	// ID is the new version's id (store.Amendment.ID); the binding names it.
	ID string
	// Record is the rejected version; its acceptance (the terms' SHA-256 the customer
	// accepted) is the new signature's too.
	Record store.Enrolment
	// Applicant is the new version's applicant data (Record's, or its correction).
	Applicant store.Applicant
	// Front and Rear are the new version's ID images: retaken, or carried over (Rear is
	// empty for a document without one).
	Front, Rear []byte
	// Retaken names the images that are new.
	Retaken []store.EvidenceKind
	// Signature is the customer's new signature; SignedAt when they accepted it.
	Signature *signature.Signature
	SignedAt  time.Time
}

// SignAgain builds the evidence that replaces the old one in such an amendment
// (store.Amendment.Evidence): the retaken images (store.MediaJPEG), the new signature
// rendered (store.MediaPNG) and its biometric data bound to the new version
// (biodata.Binding: the terms' SHA-256, r.ID, the new applicant record and ID images),
// signed by opts.DeviceKey and encrypted to opts.TrustedThirdParty as Assemble does. The
// old signature is not touched: it stays with the old version.
func SignAgain(r Resigning, opts Options) ([]Evidence, error) {
	if r.Signature == nil {
		return nil, ErrNoSignature
	}
	if r.ID == "" || r.ID == r.Record.ID {
		return nil, fmt.Errorf("the new version needs an id of its own to bind the signature to")
	}
	if len(r.Retaken) == 0 {
		return nil, fmt.Errorf("nothing was retaken: a new signature is needed only when the signed content changes")
	}
	s := Sealable{Record: r.Record, sig: *r.Signature}
	s.Record.ID, s.Record.Applicant, s.Record.Amends = r.ID, r.Applicant, r.Record.ID
	if !r.SignedAt.IsZero() {
		s.Record.Acceptance.Accepted = r.SignedAt // the envelope's capture time
	}
	for _, kind := range r.Retaken {
		b := r.Front
		switch kind {
		case store.DocumentFront:
		case store.DocumentRear:
			b = r.Rear
		default:
			return nil, fmt.Errorf("%w (not %s)", ErrRetakeKind, kind)
		}
		if !bytes.HasPrefix(b, jpegMagic) {
			return nil, fmt.Errorf("the retaken %s picture is not a JPEG: it must come from the document pipeline", kind)
		}
	}
	s.Evidence = []Evidence{{store.DocumentFront, store.MediaJPEG, r.Front}}
	if len(r.Rear) > 0 {
		s.Evidence = append(s.Evidence, Evidence{store.DocumentRear, store.MediaJPEG, r.Rear})
	}
	png, err := biodata.SignatureImage(*r.Signature, biodata.DefaultImageOptions())
	if err != nil {
		return nil, fmt.Errorf("render the signature image: %w", err)
	}
	s.Evidence = append(s.Evidence, Evidence{store.SignatureImage, store.MediaPNG, png})
	s, err = s.bind(opts)
	if err != nil {
		return nil, err
	}
	out := make([]Evidence, 0, 4)
	for _, e := range s.Evidence {
		if slices.Contains(r.Retaken, e.Kind) || e.Kind == store.SignatureImage || e.Kind == store.BiometricData {
			out = append(out, e)
		}
	}
	return out, nil
}

// AmendmentInputs returns ev as store.Amendment.Evidence reads it.
func AmendmentInputs(ev []Evidence) []store.EvidenceInput {
	return Sealable{Evidence: ev}.Inputs()
}

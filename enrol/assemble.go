package enrol

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/capture/video"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/google/uuid"
)

// jpegMagic starts every JPEG file (SOI and the first marker's 0xFF).
var jpegMagic = []byte{0xff, 0xd8, 0xff}

// Evidence is one assembled blob with its media type.
type Evidence struct {
	Kind        store.EvidenceKind
	ContentType string
	Data        []byte
}

// Sealable is an assembled enrolment: the record and its evidence in delivery order,
// ready for store.Seal.
type Sealable struct {
	Record   store.Enrolment
	Evidence []Evidence
	// sig is the signature the biometric data was made from, for Copy.
	sig signature.Signature
}

// Inputs returns the evidence as store.Seal reads it. Every call makes new readers, so
// one Sealable may be sealed more than once (`enrolctl enrol --count`).
func (s Sealable) Inputs() []store.EvidenceInput {
	in := make([]store.EvidenceInput, len(s.Evidence))
	for i, e := range s.Evidence {
		in[i] = store.Bytes(e.Kind, e.ContentType, e.Data)
	}
	return in
}

// Assemble validates p (as the wizard's steps do), checks that its video is a WebM/VP8
// clip that decodes (capture/video.Inspect), and builds the record and the evidence: the
// three pictures as store.MediaJPEG, the video as store.MediaWebM, the signature rendered
// as store.MediaPNG, and the ISO/IEC 19794-7 biometric data bound to this transaction
// (biodata.Binding: the terms' SHA-256, the enrolment id, the applicant record and the ID
// images), signed by opts.DeviceKey inside its envelope (store.MediaBiometricJSON, or
// store.MediaBiometricAge when encrypted to opts.TrustedThirdParty). An empty p.ID is
// given a new UUID, since the binding names it. When p.MRZ is set, the zone and its
// comparison with the applicant's fields are sealed too (store.DocumentMRZ,
// store.MediaMRZJSON; see MRZEvidence). When p cannot be sealed the error is Problems, every problem listed; any other error is a fault of the program or of ctx.
func Assemble(ctx context.Context, p Pieces, opts Options) (Sealable, error) {
	var videoErr error
	if len(p.Video) > 0 {
		if _, err := video.Inspect(ctx, p.Video); err != nil {
			if !errors.Is(err, video.ErrNotPlayable) {
				return Sealable{}, fmt.Errorf("check the selfie video: %w", err)
			}
			videoErr = err
		}
	}
	if ps := validate(p, opts.now(), videoErr); len(ps) > 0 {
		return Sealable{}, ps
	}
	ev := make([]Evidence, 0, 6)
	for _, pic := range []struct {
		kind store.EvidenceKind
		b    []byte
	}{{store.DocumentFront, p.Front}, {store.DocumentRear, p.Rear}, {store.DocumentOwner, p.Owner}} {
		if !bytes.HasPrefix(pic.b, jpegMagic) {
			return Sealable{}, fmt.Errorf("the %s picture is not a JPEG: it must come from the document or selfie pipeline", pic.kind)
		}
		ev = append(ev, Evidence{pic.kind, store.MediaJPEG, pic.b})
	}
	if len(p.Video) > 0 {
		ev = append(ev, Evidence{store.Video, store.MediaWebM, p.Video})
	}
	png, err := biodata.SignatureImage(*p.Signature, biodata.DefaultImageOptions())
	if err != nil {
		return Sealable{}, fmt.Errorf("render the signature image: %w", err)
	}
	ev = append(ev, Evidence{store.SignatureImage, store.MediaPNG, png})
	if p.MRZ != nil {
		m, err := mrzEvidence(p, opts.now())
		if err != nil {
			return Sealable{}, err
		}
		ev = append(ev, m)
	}
	if p.ID == "" {
		p.ID = uuid.NewString()
	}
	if p.Acceptance.TermsSHA256 == "" {
		p.Acceptance.TermsSHA256 = store.SHA256Hex(p.Terms)
	}
	s := Sealable{
		Record: store.Enrolment{
			ID: p.ID, Profile: p.Profile, OperatorID: p.OperatorID, Branch: p.Branch,
			Applicant: p.Applicant, Acceptance: p.Acceptance, Checks: p.Checks, Location: p.Location,
		},
		Evidence: ev,
		sig:      *p.Signature,
	}
	return s.bind(opts)
}

// Copy returns s as another enrolment of the same captured pieces, with id and applicant a
// (bulk runs: `enrolctl enrol --count`): the biometric data is bound and signed again,
// since the binding names both.
func (s Sealable) Copy(id string, a store.Applicant, opts Options) (Sealable, error) {
	c := Sealable{Record: s.Record, sig: s.sig}
	c.Record.ID, c.Record.Applicant = id, a
	for _, e := range s.Evidence {
		if e.Kind != store.BiometricData {
			c.Evidence = append(c.Evidence, e)
		}
	}
	return c.bind(opts)
}

// bind appends the biometric data bound to s's record and ID images (replacing none: the
// caller leaves it out).
func (s Sealable) bind(opts Options) (Sealable, error) {
	rec, err := store.ApplicantRecord(s.Record.Applicant)
	if err != nil {
		return Sealable{}, fmt.Errorf("the applicant record: %w", err)
	}
	var front, rear []byte
	for _, e := range s.Evidence {
		switch e.Kind {
		case store.DocumentFront:
			front = e.Data
		case store.DocumentRear:
			rear = e.Data
		}
	}
	b := biodata.NewBinding(s.Record.Acceptance.TermsSHA256, s.Record.ID, rec, front, rear)
	bio, err := biodata.BiometricData(s.sig, b.Hash(), biodata.Options{Recipient: opts.TrustedThirdParty,
		CapturedAt: s.Record.Acceptance.Accepted, Binding: &b, Signer: opts.DeviceKey})
	if err != nil {
		return Sealable{}, fmt.Errorf("build the biometric data: %w", err)
	}
	bioType := store.MediaBiometricJSON
	if biodata.IsAgeEncrypted(bio) {
		bioType = store.MediaBiometricAge
	}
	s.Evidence = append(slices.Clip(s.Evidence), Evidence{store.BiometricData, bioType, bio})
	return s, nil
}

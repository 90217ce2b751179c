package enrol

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/capture/video"
	"github.com/enrolkiosk/enrolkiosk/store"
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

// Assemble validates p (Validate), checks that its video is a WebM/VP8 clip that decodes
// (capture/video.Inspect), and builds the record and the evidence: the three pictures as
// store.MediaJPEG, the video as store.MediaWebM, the signature rendered as
// store.MediaPNG, and the ISO/IEC 19794-7 biometric data bound to the SHA-256 of p.Terms
// (store.MediaBiometricJSON, or store.MediaBiometricAge when encrypted to
// opts.TrustedThirdParty), and, when p.MRZ is set, the zone and its comparison with the
// applicant's fields (store.DocumentMRZ, store.MediaMRZJSON; see MRZEvidence). When p cannot be sealed the error is Problems, every problem
// listed; any other error is a fault of the program or of ctx.
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
	bio, err := biodata.BiometricData(*p.Signature, sha256.Sum256(p.Terms),
		biodata.Options{Recipient: opts.TrustedThirdParty, CapturedAt: p.Acceptance.Accepted})
	if err != nil {
		return Sealable{}, fmt.Errorf("build the biometric data: %w", err)
	}
	bioType := store.MediaBiometricJSON
	if biodata.IsAgeEncrypted(bio) {
		bioType = store.MediaBiometricAge
	}
	ev = append(ev, Evidence{store.SignatureImage, store.MediaPNG, png}, Evidence{store.BiometricData, bioType, bio})
	if p.MRZ != nil {
		m, err := mrzEvidence(p, opts.now())
		if err != nil {
			return Sealable{}, err
		}
		ev = append(ev, m)
	}
	rec := store.Enrolment{
		ID: p.ID, Profile: p.Profile, OperatorID: p.OperatorID, Branch: p.Branch,
		Applicant: p.Applicant, Acceptance: p.Acceptance, Checks: p.Checks,
	}
	return Sealable{Record: rec, Evidence: ev}, nil
}

package enrol

import (
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// Names of the pieces a Problem may be about, besides the applicant's fields (named
// ApplicantField(name)) and the evidence kinds store.DocumentFront, DocumentRear,
// DocumentOwner and Video.
const (
	FieldAcceptance = "acceptance"
	FieldSignature  = "signature"
	FieldChecks     = "security_checks"
)

// applicantPrefix starts the Field of a Problem with an applicant field: the path of
// that field in an enrolment record ("applicant.serial_number").
const applicantPrefix = "applicant."

// ApplicantField returns the Field of a Problem with the applicant field name (one of
// enrol/applicant's field names).
func ApplicantField(name string) string { return applicantPrefix + name }

// Problem is one reason a set of pieces cannot be sealed.
type Problem struct {
	// Field is what the problem is about: ApplicantField(name), an evidence kind, or
	// FieldAcceptance, FieldSignature, FieldChecks.
	Field string
	// Err says what is wrong; its text is the translation key the wizard shows.
	Err error
}

// Applicant returns the applicant field name the problem is about, if it is about one.
func (p Problem) Applicant() (string, bool) { return strings.CutPrefix(p.Field, applicantPrefix) }

func (p Problem) Error() string { return p.Field + ": " + p.Err.Error() }

// Problems is every problem found, in the wizard's order: the applicant's fields as in
// store.Applicant, the pictures, the video, the acceptance, the signature, the checks.
// Assemble returns it as its error when the pieces cannot be sealed.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return "the enrolment cannot be sealed: " + strings.Join(lines, "; ")
}

// validate checks p as the wizard's steps do before Seal: the applicant's data for
// p.Profile at now (enrol/applicant.Validate) and, when the document's machine readable
// zone was read, its agreement with the typed fields (unless the operator confirmed
// them), every picture present, the video when
// the profile needs one (videoErr is what inspecting it found; nil: it plays, or there is
// none), the acceptance, the signature and all three of the operator's checks, which an
// expired document (by its zone) cannot pass.
func validate(p Pieces, now time.Time, videoErr error) Problems {
	var ps Problems
	errs := applicant.Validate(p.Profile, p.Applicant, now)
	for _, f := range errs.Fields() {
		ps = append(ps, Problem{Field: ApplicantField(f), Err: errs[f]})
	}
	add := func(field string, err error) { ps = append(ps, Problem{Field: field, Err: err}) }
	if m := p.MRZ; m != nil && m.Result.Valid && !m.Confirmed {
		for _, mm := range applicant.CompareMRZ(p.Applicant, &m.Result) {
			if _, bad := errs[mm.Field]; !bad {
				add(ApplicantField(mm.Field), ErrMRZMismatch)
			}
		}
	}
	for _, pic := range []struct {
		kind store.EvidenceKind
		b    []byte
		err  error
	}{{store.DocumentFront, p.Front, ErrNoPicture}, {store.DocumentRear, p.Rear, ErrNoPicture}, {store.DocumentOwner, p.Owner, ErrNoSelfie}} {
		if len(pic.b) == 0 {
			add(string(pic.kind), pic.err)
		}
	}
	switch {
	case videoErr != nil:
		add(string(store.Video), videoErr)
	case len(p.Video) == 0 && NeedsVideo(p.Profile):
		add(string(store.Video), ErrNoVideo)
	}
	if p.Acceptance.Accepted.IsZero() || p.Acceptance.TermsVersion == "" {
		add(FieldAcceptance, ErrNotAccepted)
	}
	if p.Signature == nil {
		add(FieldSignature, ErrNoSignature)
	}
	if c := p.Checks; !c.OriginalDocumentSeen || !c.FaceMatches || !c.NotExpired {
		add(FieldChecks, ErrChecklist)
	} else if m := p.MRZ; m != nil && m.Result.Valid && m.Result.Expired(now) {
		add(FieldChecks, ErrExpired)
	}
	return ps
}

package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// ErrSignAgain means an amendment changes what the customer signed (the name shown with
// the terms on the pad, or an ID image, which the biometric data is bound to): the
// biometric signature is never edited, so the customer must sign again and the new
// signature (biometric data and image) come with the amendment.
var ErrSignAgain = errors.New("the correction changes what the customer signed: the customer must sign again")

// Amendment is an operator's correction of a rejected enrolment.
type Amendment struct {
	// ID, when set, is the new version's id (a lower-case UUID): a new signature's
	// biometric data is bound to the enrolment it belongs to, so it is made for this id
	// before the seal. Empty gives the new version a random id.
	ID string
	// Applicant, when set, replaces the applicant data.
	Applicant *Applicant
	// Evidence replaces the evidence of the same kinds (a retaken ID image; a new
	// signature, biometric data and image together, when the customer signed again).
	// Every other piece is carried over unchanged.
	Evidence []EvidenceInput
	// By says who amended it (an operator id), for the audit log.
	By string
}

// signedFields are the applicant fields the customer sees on the pad when signing.
func signedContent(a Applicant) string {
	return strings.Join([]string{a.GivenName, a.Surname1, a.Surname2}, "\x00")
}

// Amend seals a corrected version of the rejected enrolment id: a new enrolment (a new
// id, so new idempotency keys) linked to the old one (Enrolment.Amends, Entry.Amends and
// AmendedBy), audited on both. The old one is kept, rejected, until the new one is
// confirmed (it is then superseded). A correction of what the customer signed needs a
// new signature (ErrSignAgain); the old signature is carried over as it is, never edited.
func (d *DB) Amend(ctx context.Context, id string, a Amendment) (Enrolment, error) {
	old, err := d.Entry(ctx, id)
	if err != nil {
		return Enrolment{}, err
	}
	if old.State != Rejected || old.AmendedBy != "" {
		return Enrolment{}, fmt.Errorf("%w: only a rejected enrolment not amended yet can be amended (%s is %s%s)",
			ErrTransition, ShortID(id), old.State, map[bool]string{true: ", amended by " + ShortID(old.AmendedBy)}[old.AmendedBy != ""])
	}
	rec, err := d.Get(ctx, id)
	if err != nil {
		return Enrolment{}, err
	}
	next := rec
	next.ID, next.Amends, next.Evidence = a.ID, id, nil
	var changed []string
	if a.Applicant != nil {
		changed = fieldsChanged(rec.Applicant, *a.Applicant)
		next.Applicant = *a.Applicant
	}
	replaced := map[EvidenceKind]bool{}
	for _, ev := range a.Evidence {
		replaced[ev.Kind] = true
		changed = append(changed, "evidence "+string(ev.Kind))
	}
	if len(changed) == 0 {
		return Enrolment{}, fmt.Errorf("%w: the amendment changes nothing", ErrInvalid)
	}
	resigned := replaced[BiometricData] && replaced[SignatureImage]
	if (replaced[BiometricData] || replaced[SignatureImage]) && !resigned {
		return Enrolment{}, fmt.Errorf("%w: a new signature replaces its biometric data and its image together", ErrInvalid)
	}
	// The biometric data is bound to the name signed and to the ID images (biodata.Binding).
	if (signedContent(rec.Applicant) != signedContent(next.Applicant) || replaced[DocumentFront] || replaced[DocumentRear]) && !resigned {
		return Enrolment{}, ErrSignAgain
	}
	inputs := slices.Clone(a.Evidence)
	var closers []func() error
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	for _, ev := range rec.Evidence {
		if replaced[ev.Kind] {
			continue
		}
		rc, _, err := d.OpenEvidence(ctx, id, ev.Kind)
		if err != nil {
			return Enrolment{}, fmt.Errorf("carry %s over: %w", ev.Kind, err)
		}
		closers = append(closers, rc.Close)
		inputs = append(inputs, EvidenceInput{Kind: ev.Kind, ContentType: ev.ContentType, Data: rc})
	}
	sealed, err := d.Seal(ctx, next, inputs)
	if err != nil {
		return Enrolment{}, err
	}
	detail := "amended by " + ShortID(sealed.ID) + ": " + strings.Join(changed, ", ")
	if a.By != "" {
		detail += " (by " + a.By + ")"
	}
	err = d.change(ctx, id, EventAmended, func(e *Entry) (string, error) {
		e.AmendedBy = sealed.ID
		return detail, nil
	})
	if err == nil {
		err = d.change(ctx, sealed.ID, EventAmended, func(e *Entry) (string, error) {
			e.Amends = id
			return "amends " + ShortID(id), nil
		})
	}
	return sealed, err
}

// fieldsChanged names the applicant fields (their JSON names) that differ.
func fieldsChanged(a, b Applicant) []string {
	var out []string
	va, vb, t := reflect.ValueOf(a), reflect.ValueOf(b), reflect.TypeOf(a)
	for i := range t.NumField() {
		if va.Field(i).Interface() != vb.Field(i).Interface() {
			out = append(out, strings.Split(t.Field(i).Tag.Get("json"), ",")[0])
		}
	}
	return out
}

// supersede marks the rejected version that confirmed corrects (Entry.Amends) as
// superseded. Called after the confirmation is committed; were it lost to a crash, the
// old version stays rejected with AmendedBy set, and is superseded on no later event.
func (d *DB) supersede(ctx context.Context, confirmed, old string) error {
	return d.change(ctx, old, EventSuperseded, func(e *Entry) (string, error) {
		if e.State != Rejected {
			return "", stateErr(e, "supersede")
		}
		e.State, e.Confirmed = Superseded, d.now()
		return "by " + ShortID(confirmed) + ", confirmed", nil
	})
}

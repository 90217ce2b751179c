package enrol

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// zoneFor returns a valid TD1 zone of an Ecuadorian card for the good pieces'
// applicant, expiring in expiry (YYMMDD): the cédula is in the optional data.
func zoneFor(t *testing.T, expiry string) mrz.Result {
	t.Helper()
	cd := func(s string) string { return string(mrz.CheckDigit(s)) }
	num := "A12345678"
	l1 := "I<ECU" + num + cd(num) + "1710034065<<<<<"
	l2 := "900517" + cd("900517") + "F" + expiry + cd(expiry) + "ECU" + "<<<<<<<<<<<"
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	r, err := mrz.Parse([]string{l1, l2, "PEREZ<<ANA<<<<<<<<<<<<<<<<<<<<"}, now)
	if err != nil {
		t.Fatal(err)
	}
	return *r
}

func mrzOf(t *testing.T, ev []Evidence) MRZEvidence {
	t.Helper()
	for _, e := range ev {
		if e.Kind == store.DocumentMRZ {
			if e.ContentType != store.MediaMRZJSON {
				t.Fatalf("content type %q", e.ContentType)
			}
			var m MRZEvidence
			if err := json.Unmarshal(e.Data, &m); err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	t.Fatal("no MRZ evidence")
	return MRZEvidence{}
}

func TestAssembleSealsTheMRZAndItsMatch(t *testing.T) {
	p := goodPieces(t)
	p.MRZ = &MRZ{Side: store.DocumentRear, Result: zoneFor(t, "310101")}
	s, err := Assemble(context.Background(), p, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	m := mrzOf(t, s.Evidence)
	if !m.Matched || m.Expired || m.Side != store.DocumentRear || m.Result.Surname != "PEREZ" || !m.Checked.Equal(now) {
		t.Fatalf("%+v", m)
	}
}

func TestValidateFlagsAFieldThatDisagreesWithTheMRZ(t *testing.T) {
	p := goodPieces(t)
	p.Applicant.BirthDate = "1990-05-18"
	p.MRZ = &MRZ{Side: store.DocumentRear, Result: zoneFor(t, "310101")}
	ps := validate(p, now, nil)
	if len(ps) != 1 || ps[0].Field != ApplicantField("birth_date") || !errors.Is(ps[0].Err, ErrMRZMismatch) {
		t.Fatalf("%v", ps)
	}
	// Confirmed against the document by the operator: sealed, and the evidence says so.
	p.MRZ.Confirmed = true
	s, err := Assemble(context.Background(), p, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	m := mrzOf(t, s.Evidence)
	if m.Matched || !m.Confirmed || len(m.Mismatches) != 1 || m.Mismatches[0].MRZ != "1990-05-17" {
		t.Fatalf("%+v", m)
	}
}

func TestValidateRefusesAnExpiredDocument(t *testing.T) {
	p := goodPieces(t)
	p.MRZ = &MRZ{Side: store.DocumentRear, Result: zoneFor(t, "260101")}
	ps := validate(p, now, nil)
	if len(ps) != 1 || ps[0].Field != FieldChecks || !errors.Is(ps[0].Err, ErrExpired) {
		t.Fatalf("%v", ps)
	}
}

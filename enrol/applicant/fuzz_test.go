package applicant

import (
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// FuzzValidate feeds typed text to every checker: none may panic, and a value accepted
// once is accepted again (the checks are pure).
func FuzzValidate(f *testing.F) {
	for _, s := range []string{"1710034065", "HEGG560427MVZRRL04", "+593991234567", "ana@example.com", "1990-05-17", "17/05/1990", "0991234567", "00593991234567", "(\f0", "ÑÑÑ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := store.Applicant{GivenName: s, Surname1: s, IDDocumentType: "IDC", IDDocumentCountry: "EC",
			SerialNumber: s, BirthDate: s, Email: s, MobilePhoneNumber: s, CURP: s}
		if n := Normalize(a); Normalize(n) != n {
			t.Fatalf("Normalize is not idempotent for %q", s)
		}
		for _, c := range []string{"EC", "MX", ""} {
			if m := LocalMobile(s, c); LocalMobile(m, c) != m {
				t.Fatalf("LocalMobile(%q, %q) is not idempotent", s, c)
			}
		}
		if d := LocalDate(s); LocalDate(d) != d {
			t.Fatalf("LocalDate(%q) is not idempotent", s)
		}
		first := Validate("people", a, time.Unix(0, 0))
		second := Validate("people", a, time.Unix(0, 0))
		if len(first) != len(second) {
			t.Fatalf("Validate is not deterministic for %q", s)
		}
		if CheckCURP(s) == nil && len(s) != 18 {
			t.Fatalf("accepted CURP %q of length %d", s, len(s))
		}
		if CheckCedula(s) == nil && len(s) != 10 {
			t.Fatalf("accepted cédula %q", s)
		}
	})
}

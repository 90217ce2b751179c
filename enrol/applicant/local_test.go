package applicant

import (
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

func TestLocalMobile(t *testing.T) {
	for _, c := range []struct{ in, country, want string }{
		{"0991234567", "EC", "+593991234567"},
		{"099 123 4567", "ec", "+593991234567"},
		{"991234567", "EC", "+593991234567"},
		{"593991234567", "EC", "+593991234567"},
		{"00593991234567", "EC", "+593991234567"},
		{"+593 99 123-4567", "EC", "+593991234567"},
		{"5512345678", "MX", "+525512345678"},
		{"525512345678", "MX", "+525512345678"},
		{"022345678", "EC", "022345678"}, // a landline stays for CheckMobile to refuse
		{"0991234567", "", "0991234567"},
		{"099-abc", "EC", "099abc"},
		{"", "EC", ""},
	} {
		if got := LocalMobile(c.in, c.country); got != c.want {
			t.Errorf("LocalMobile(%q, %q) = %q, want %q", c.in, c.country, got, c.want)
		}
	}
	if err := CheckMobile(LocalMobile("0991234567", "EC")); err != nil {
		t.Errorf("a converted Ecuadorian number is refused: %v", err)
	}
}

func TestLocalDate(t *testing.T) {
	for in, want := range map[string]string{
		"17/05/1990": "1990-05-17", "7/5/1990": "1990-05-07", "17-05-1990": "1990-05-17", "17.05.1990": "1990-05-17",
		"1990/05/17": "1990-05-17", "1990-5-17": "1990-05-17", " 1990-05-17 ": "1990-05-17",
		"31/02/1990": "31/02/1990", "05/17/1990": "05/17/1990", "yesterday": "yesterday", "": "",
	} {
		if got := LocalDate(in); got != want {
			t.Errorf("LocalDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNormalizeConvertsLocalFormats: an Ecuadorian typed as people do passes Validate.
func TestNormalizeConvertsLocalFormats(t *testing.T) {
	a := Normalize(store.Applicant{GivenName: "Ana", Surname1: "Pérez", IDDocumentType: "IDC", IDDocumentCountry: "EC",
		SerialNumber: "1710034065", BirthDate: "17/05/1990", Email: "ana@example.com", MobilePhoneNumber: "0991234567", Nationality: "EC"})
	if a.MobilePhoneNumber != "+593991234567" || a.BirthDate != "1990-05-17" {
		t.Fatalf("Normalize kept %q and %q", a.MobilePhoneNumber, a.BirthDate)
	}
	if errs := Validate("signal", a, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); len(errs) != 0 {
		t.Fatalf("Validate = %v", errs)
	}
	if Normalize(a) != a {
		t.Error("Normalize is not idempotent")
	}
}

package applicant

import (
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

func TestCheckCedula(t *testing.T) {
	cases := []struct {
		in   string
		want error
	}{
		{"0926687856", nil},
		{"1710034065", nil},
		{"1104680135", nil},
		{"1710034066", ErrCedulaCheck},
		{"171003406", ErrCedulaLength},
		{"17100340655", ErrCedulaLength},
		{"17100a4065", ErrCedulaLength},
		{"2510034065", ErrCedulaProvince},
		{"0010034065", ErrCedulaProvince},
		{"1790034065", ErrCedulaThird},
	}
	for _, c := range cases {
		if err := CheckCedula(c.in); !errors.Is(err, c.want) {
			t.Errorf("CheckCedula(%q) = %v, want %v", c.in, err, c.want)
		}
	}
}

func TestCheckCURP(t *testing.T) {
	cases := []struct {
		in   string
		want error
	}{
		{"HEGG560427MVZRRL04", nil},
		{"MAHJ280603MSPRRV09", nil},
		{"HEGG560427MVZRRL05", ErrCURPCheck},
		{"BADD110313HCMLNS09", ErrCURPCheck},
		{"hegg560427mvzrrl04", ErrCURPFormat},
		{"HEGG561327MVZRRL04", ErrCURPFormat}, // month 13
		{"HEGG560427MXXRRL04", ErrCURPFormat}, // no state XX
		{"HEGG560427MVZRRL0", ErrCURPFormat},
		{"", ErrCURPFormat},
	}
	for _, c := range cases {
		if err := CheckCURP(c.in); !errors.Is(err, c.want) {
			t.Errorf("CheckCURP(%q) = %v, want %v", c.in, err, c.want)
		}
	}
	if got := NormalizeCURP(" hegg 560427mvzrrl04 "); got != "HEGG560427MVZRRL04" {
		t.Errorf("NormalizeCURP = %q", got)
	}
}

func TestCheckEmailAndMobile(t *testing.T) {
	for in, want := range map[string]error{
		"ana@example.com": nil, "a.b+c@mail.example.ec": nil,
		"ana@example": ErrEmail, "Ana <ana@example.com>": ErrEmail, "ana": ErrEmail,
		"ana@.com": ErrEmail, "": ErrEmail, "ana@example.com.": ErrEmail,
	} {
		if err := CheckEmail(in); !errors.Is(err, want) {
			t.Errorf("CheckEmail(%q) = %v, want %v", in, err, want)
		}
	}
	for in, want := range map[string]error{
		"+593991234567": nil, "+525512345678": nil, "+34612345678": nil,
		"0991234567": ErrMobileFormat, "+593 99 123 4567": ErrMobileFormat, "+0593991234567": ErrMobileFormat,
		"+59322345678": ErrMobileEC, "+593291234567": ErrMobileEC, "+52551234567": ErrMobileMX,
	} {
		if err := CheckMobile(in); !errors.Is(err, want) {
			t.Errorf("CheckMobile(%q) = %v, want %v", in, err, want)
		}
	}
	if got := NormalizeMobile(" +593 (99) 123-45.67 "); got != "+593991234567" {
		t.Errorf("NormalizeMobile = %q", got)
	}
}

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func ecuadorian() store.Applicant {
	return store.Applicant{
		GivenName: "Ana", Surname1: "Pérez", IDDocumentType: "IDC", IDDocumentCountry: "EC",
		SerialNumber: "1710034065", BirthDate: "1990-05-17", Email: "ana@example.com",
		MobilePhoneNumber: "+593991234567",
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name    string
		profile string
		edit    func(*store.Applicant)
		want    Errors
	}{
		{"valid oneshot", "oneshot", func(*store.Applicant) {}, Errors{}},
		{"empty", "oneshot", func(a *store.Applicant) { *a = store.Applicant{} }, Errors{
			GivenName: ErrRequired, Surname1: ErrRequired, IDDocumentType: ErrRequired,
			IDDocumentCountry: ErrRequired, SerialNumber: ErrRequired, Email: ErrRequired,
			MobilePhoneNumber: ErrRequired}},
		{"bad cedula", "oneshot", func(a *store.Applicant) { a.SerialNumber = "1710034064" }, Errors{SerialNumber: ErrCedulaCheck}},
		{"passport skips cedula rule", "oneshot", func(a *store.Applicant) { a.IDDocumentType, a.SerialNumber = "PAS", "A1234567" }, Errors{}},
		{"signal needs birth date", "signal", func(a *store.Applicant) { a.BirthDate = "" }, Errors{BirthDate: ErrRequired}},
		{"minor", "oneshot", func(a *store.Applicant) { a.BirthDate = "2010-01-01" }, Errors{BirthDate: ErrMinor}},
		{"future date", "oneshot", func(a *store.Applicant) { a.BirthDate = "2030-01-01" }, Errors{BirthDate: ErrBirthDate}},
		{"bad date", "oneshot", func(a *store.Applicant) { a.BirthDate = "17/05/1990" }, Errors{BirthDate: ErrBirthDate}},
		{"bad contact", "oneshot", func(a *store.Applicant) { a.Email, a.MobilePhoneNumber = "ana@", "099123" }, Errors{Email: ErrEmail, MobilePhoneNumber: ErrMobileFormat}},
		{"bad nationality", "oneshot", func(a *store.Applicant) { a.Nationality = "Ecuador" }, Errors{Nationality: ErrCountry}},
		{"people needs MX and CURP", "people", func(a *store.Applicant) {}, Errors{CURP: ErrRequired, IDDocumentCountry: ErrPeopleCountry}},
		{"people valid", "people", func(a *store.Applicant) {
			a.IDDocumentCountry, a.SerialNumber, a.CURP, a.MobilePhoneNumber = "MX", "IDMEX123456", "HEGG560427MVZRRL04", "+525512345678"
		}, Errors{}},
		{"people bad CURP", "people", func(a *store.Applicant) {
			a.IDDocumentCountry, a.SerialNumber, a.CURP, a.MobilePhoneNumber = "MX", "IDMEX123456", "HEGG560427MVZRRL05", "+525512345678"
		}, Errors{CURP: ErrCURPCheck}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := ecuadorian()
			c.edit(&a)
			got := Validate(c.profile, a, now)
			if len(got) != len(c.want) {
				t.Fatalf("Validate = %v, want %v", got, c.want)
			}
			for f, want := range c.want {
				if !errors.Is(got[f], want) {
					t.Errorf("field %s: %v, want %v", f, got[f], want)
				}
			}
		})
	}
}

func TestRequired(t *testing.T) {
	if !Required("people", CURP) || Required("oneshot", CURP) || !Required("oneshot", GivenName) {
		t.Error("Required disagrees with the profile table")
	}
}

func TestNormalize(t *testing.T) {
	got := Normalize(store.Applicant{GivenName: " Ana ", IDDocumentType: "idc", IDDocumentCountry: " ec", SerialNumber: "a123 ",
		Nationality: "ec", Email: " ana@example.com ", MobilePhoneNumber: "+593 99 123-4567", Residence: "mx", CURP: "hegg 560427mvzrrl04"})
	want := store.Applicant{GivenName: "Ana", IDDocumentType: "IDC", IDDocumentCountry: "EC", SerialNumber: "A123",
		Nationality: "EC", Email: "ana@example.com", MobilePhoneNumber: "+593991234567", Residence: "MX", CURP: "HEGG560427MVZRRL04"}
	if got != want {
		t.Errorf("Normalize = %+v\nwant %+v", got, want)
	}
}

func TestFieldsInRecordOrder(t *testing.T) {
	if len(order) != len(Values(store.Applicant{})) || order[0] != GivenName || order[len(order)-1] != CURP {
		t.Errorf("order = %v", order)
	}
	errs := Errors{CURP: ErrRequired, GivenName: ErrRequired, Email: ErrEmail}
	if got := errs.Fields(); len(got) != 3 || got[0] != GivenName || got[1] != Email || got[2] != CURP {
		t.Errorf("Errors.Fields = %v", got)
	}
}

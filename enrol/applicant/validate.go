package applicant

import (
	"errors"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// Field names, as in store.Applicant's JSON tags.
const (
	GivenName         = "given_name"
	Surname1          = "surname_1"
	Surname2          = "surname_2"
	IDDocumentType    = "id_document_type"
	IDDocumentCountry = "id_document_country"
	SerialNumber      = "serial_number"
	BirthDate         = "birth_date"
	Nationality       = "nationality"
	Email             = "email"
	MobilePhoneNumber = "mobile_phone_number"
	ResidenceAddress  = "residence_address"
	ResidenceCity     = "residence_city"
	Residence         = "residence"
	CURP              = "curp"
)

// Sentinel errors of Validate; their texts are translation keys.
var (
	// ErrRequired means the profile needs the field and it is empty.
	ErrRequired = errors.New("Required")
	// ErrBirthDate means the date is not a real YYYY-MM-DD date.
	ErrBirthDate = errors.New("Enter the birth date as YYYY-MM-DD")
	// ErrMinor means the applicant is under 18: certificates are issued to adults only.
	ErrMinor = errors.New("The applicant must be at least 18 years old")
	// ErrCountry means the country is not an ISO 3166-1 alpha-2 code.
	ErrCountry = errors.New("Use the two-letter country code (EC, MX, ES...)")
	// ErrPeopleCountry means the People profile got a non-Mexican document.
	ErrPeopleCountry = errors.New("The People API enrols Mexican INE holders only: choose MX")
)

// required lists the fields each profile needs besides the identity fields every
// profile needs (given name, first surname, document type, country and number).
var required = map[string][]string{
	"oneshot": {Email, MobilePhoneNumber},
	"signal":  {Email, MobilePhoneNumber, BirthDate},
	"people":  {Email, MobilePhoneNumber, CURP, BirthDate},
}

var identity = []string{GivenName, Surname1, IDDocumentType, IDDocumentCountry, SerialNumber}

// order is every field in store.Applicant's order.
var order = []string{GivenName, Surname1, Surname2, IDDocumentType, IDDocumentCountry, SerialNumber, BirthDate,
	Nationality, Email, MobilePhoneNumber, ResidenceAddress, ResidenceCity, Residence, CURP}

// Errors maps a field name to what is wrong with it. Empty means valid.
type Errors map[string]error

// Fields returns every field name in store.Applicant's order.
func Fields() []string { return append([]string(nil), order...) }

// Fields returns the names of the fields with a problem, in store.Applicant's order.
func (e Errors) Fields() []string {
	var fs []string
	for _, f := range order {
		if _, bad := e[f]; bad {
			fs = append(fs, f)
		}
	}
	return fs
}

// Validate checks a for profile at now and returns every field's problem.
func Validate(profile string, a store.Applicant, now time.Time) Errors {
	errs := Errors{}
	v := Values(a)
	for _, f := range append(append([]string{}, identity...), required[profile]...) {
		if v[f] == "" {
			errs[f] = ErrRequired
		}
	}
	check := func(field string, fn func(string) error) {
		if _, bad := errs[field]; !bad && v[field] != "" {
			if err := fn(v[field]); err != nil {
				errs[field] = err
			}
		}
	}
	check(IDDocumentCountry, checkCountry)
	check(Nationality, checkCountry)
	check(Residence, checkCountry)
	check(Email, CheckEmail)
	check(MobilePhoneNumber, CheckMobile)
	check(CURP, CheckCURP)
	check(BirthDate, func(s string) error { return checkBirthDate(s, now) })
	check(SerialNumber, func(s string) error { return checkSerial(a, s) })
	if profile == "people" && a.IDDocumentCountry != "" && a.IDDocumentCountry != "MX" {
		errs[IDDocumentCountry] = ErrPeopleCountry
	}
	return errs
}

// checkSerial applies the document number rules of the document's country.
func checkSerial(a store.Applicant, s string) error {
	switch {
	case a.IDDocumentCountry == "EC" && a.IDDocumentType == "IDC":
		return CheckCedula(s)
	case a.IDDocumentCountry == "MX" && len(s) == 18:
		return CheckCURP(s) // a CURP typed as the number
	}
	return nil
}

func checkCountry(s string) error {
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return ErrCountry
	}
	return nil
}

func checkBirthDate(s string, now time.Time) error {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || d.Year() < 1900 || d.After(now) {
		return ErrBirthDate
	}
	if d.AddDate(18, 0, 0).After(now) {
		return ErrMinor
	}
	return nil
}

// Normalize returns a as the wizard keeps what the operator typed: every field trimmed,
// the country codes and the document number upper-cased, the mobile number without
// separators and converted from the local form of the applicant's country (LocalMobile),
// the birth date converted from day-first forms (LocalDate) and the CURP upper-cased
// without spaces (NormalizeCURP). Normalize(Normalize(a)) == Normalize(a).
func Normalize(a store.Applicant) store.Applicant {
	trim, upper := strings.TrimSpace, func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
	return store.Applicant{
		GivenName: trim(a.GivenName), Surname1: trim(a.Surname1), Surname2: trim(a.Surname2),
		IDDocumentType: upper(a.IDDocumentType), IDDocumentCountry: upper(a.IDDocumentCountry),
		SerialNumber: upper(a.SerialNumber), BirthDate: LocalDate(a.BirthDate), Nationality: upper(a.Nationality),
		Email: trim(a.Email), MobilePhoneNumber: LocalMobile(a.MobilePhoneNumber, contactCountry(a)),
		ResidenceAddress: trim(a.ResidenceAddress), ResidenceCity: trim(a.ResidenceCity),
		Residence: upper(a.Residence), CURP: NormalizeCURP(a.CURP),
	}
}

// Values returns a's fields by name.
func Values(a store.Applicant) map[string]string {
	return map[string]string{
		GivenName: a.GivenName, Surname1: a.Surname1, Surname2: a.Surname2,
		IDDocumentType: a.IDDocumentType, IDDocumentCountry: a.IDDocumentCountry,
		SerialNumber: a.SerialNumber, BirthDate: a.BirthDate, Nationality: a.Nationality,
		Email: a.Email, MobilePhoneNumber: a.MobilePhoneNumber,
		ResidenceAddress: a.ResidenceAddress, ResidenceCity: a.ResidenceCity,
		Residence: a.Residence, CURP: a.CURP,
	}
}

// Required reports whether profile needs field.
func Required(profile, field string) bool {
	for _, f := range append(append([]string{}, identity...), required[profile]...) {
		if f == field {
			return true
		}
	}
	return false
}

package mrz

import (
	"fmt"
	"time"
)

// Format is the document layout of a machine readable zone.
type Format string

// The ICAO 9303 layouts.
const (
	TD1 Format = "TD1" // ID card: three lines of 30 characters
	TD2 Format = "TD2" // ID card or visa: two lines of 36
	TD3 Format = "TD3" // passport: two lines of 44
)

// lineShape is the line count and length of each format.
var lineShape = map[Format][2]int{TD1: {3, 30}, TD2: {2, 36}, TD3: {2, 44}}

// Result is one parsed machine readable zone. Text fields have their fillers removed.
type Result struct {
	Format         Format `json:"format"`
	DocumentCode   string `json:"document_code"` // "P", "I", "ID", "AC", ...
	IssuingState   string `json:"issuing_state"` // ICAO 3-letter code, e.g. "ESP", "D"
	DocumentNumber string `json:"document_number"`
	Surname        string `json:"surname"`     // primary identifier, spaces between its parts
	GivenNames     string `json:"given_names"` // secondary identifier
	// NamesTruncated is true when the name field is full to its last character, which is
	// how ICAO 9303 marks a name cut to fit: the names may continue beyond the zone.
	NamesTruncated bool   `json:"names_truncated"`
	Nationality    string `json:"nationality"`
	BirthDate      Date   `json:"birth_date"`
	Sex            string `json:"sex"` // "M", "F" or "X" (unspecified)
	ExpiryDate     Date   `json:"expiry_date"`
	OptionalData1  string `json:"optional_data_1,omitempty"` // TD1 line 1; TD3 personal number
	OptionalData2  string `json:"optional_data_2,omitempty"` // TD1 line 2; TD2 optional data

	// Checks lists every check digit with its outcome, in the order of the zone.
	Checks []Check `json:"checks"`
	// Corrections lists the characters changed from what was read; each one made the
	// check digits agree (or replaced a digit in a letters-only field).
	Corrections []Correction `json:"corrections,omitempty"`
	// Problems lists what is wrong besides check digits (an impossible date, ...).
	Problems []string `json:"problems,omitempty"`
	// Lines are the zone's lines after the corrections.
	Lines []string `json:"lines"`
	// Valid is true when every check digit agrees and there is no problem.
	Valid bool `json:"valid"`
}

// Check is one check digit: the field it protects, the digit in the zone and the digit
// computed from the field.
type Check struct {
	Field    string `json:"field"`
	Read     string `json:"read"`
	Computed string `json:"computed"`
	OK       bool   `json:"ok"`
}

// Correction is one character changed from what was read. Line and Column count from 0.
type Correction struct {
	Field  string `json:"field"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// String describes the correction for an operator, e.g. `document number: "O" -> "0" (line 2, column 4)`.
func (c Correction) String() string {
	return fmt.Sprintf("%s: %q -> %q (line %d, column %d)", c.Field, c.From, c.To, c.Line+1, c.Column+1)
}

// Date is a date of the zone: Raw is its YYMMDD text; Year, Month and Day are resolved
// (the century from the reference time Parse was given) and zero when Raw is not a date.
type Date struct {
	Raw   string `json:"raw"`
	Year  int    `json:"year,omitempty"`
	Month int    `json:"month,omitempty"`
	Day   int    `json:"day,omitempty"`
}

// Time returns the date at midnight UTC; ok is false when the date is not valid.
func (d Date) Time() (t time.Time, ok bool) {
	if d.Year == 0 {
		return time.Time{}, false
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC), true
}

// String is the ISO 8601 form (2012-04-15), or the raw text when the date is not valid.
func (d Date) String() string {
	if d.Year == 0 {
		return d.Raw
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Expired reports whether the document's expiry date is before now's date. A result
// without a valid expiry date is not reported as expired.
func (r *Result) Expired(now time.Time) bool {
	t, ok := r.ExpiryDate.Time()
	if !ok {
		return false
	}
	y, m, d := now.Date()
	return t.Before(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Failed returns the names of the fields whose check digit disagrees.
func (r *Result) Failed() []string {
	var out []string
	for _, c := range r.Checks {
		if !c.OK {
			out = append(out, c.Field)
		}
	}
	return out
}

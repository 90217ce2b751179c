package applicant

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// Mismatch is a field whose typed value disagrees with the document's machine readable
// zone.
type Mismatch struct {
	Field string `json:"field"`
	Typed string `json:"typed"`
	MRZ   string `json:"mrz"`
}

// particles are the words that start a compound surname rather than a second one.
var particles = map[string]bool{"DE": true, "DEL": true, "LA": true, "LAS": true, "LOS": true, "Y": true,
	"VAN": true, "VON": true, "DER": true, "DA": true, "DOS": true, "DI": true, "DU": true, "LE": true}

// Country2 returns the two-letter code of a zone's three-letter state or nationality
// code; ok is false for the codes without one (UTO, the stateless XXA...).
func Country2(code3 string) (string, bool) {
	c, ok := alpha2[code3]
	return c, ok
}

// FromMRZ returns the form's fields that a valid zone gives, by field name: names,
// document type, country and number, nationality and birth date. Fields the zone
// cannot tell (a country without a two-letter code) are absent. Two surname words
// without a particle are taken as the first and the second surname.
func FromMRZ(r *mrz.Result) map[string]string {
	out := map[string]string{}
	if r == nil || !r.Valid {
		return out
	}
	out[GivenName] = r.GivenNames
	words := strings.Fields(r.Surname)
	if len(words) == 2 && !particles[words[0]] {
		out[Surname1], out[Surname2] = words[0], words[1]
	} else {
		out[Surname1] = r.Surname
	}
	if r.DocumentCode != "" {
		if r.DocumentCode[0] == 'P' {
			out[IDDocumentType] = "PAS"
		} else {
			out[IDDocumentType] = "IDC"
		}
	}
	if c, ok := Country2(r.IssuingState); ok {
		out[IDDocumentCountry] = c
	}
	if c, ok := Country2(r.Nationality); ok {
		out[Nationality] = c
	}
	out[SerialNumber] = r.DocumentNumber
	if _, ok := r.BirthDate.Time(); ok {
		out[BirthDate] = r.BirthDate.String()
	}
	for k, v := range out {
		if v == "" {
			delete(out, k)
		}
	}
	return out
}

// CompareMRZ returns the typed fields of a that disagree with a valid zone. Names are
// compared as the zone writes them (ICAO 9303 transliteration: no accents, letters
// only, upper case), and a typed name may be longer than a truncated zone's. The
// document number agrees when it is the zone's document number or its optional data
// (where many cards print the personal number). Empty typed fields are not compared.
func CompareMRZ(a store.Applicant, r *mrz.Result) []Mismatch {
	if r == nil || !r.Valid {
		return nil
	}
	var out []Mismatch
	add := func(field, typed, want string) { out = append(out, Mismatch{Field: field, Typed: typed, MRZ: want}) }
	nameAgrees := func(typed, zone string) bool {
		z := Transliterate(zone)
		for _, t := range []string{Transliterate(typed), transliterate(typed, true)} {
			if t == z || r.NamesTruncated && strings.HasPrefix(t, z) {
				return true
			}
		}
		return false
	}
	if a.GivenName != "" && !nameAgrees(a.GivenName, r.GivenNames) {
		add(GivenName, a.GivenName, r.GivenNames)
	}
	if typed := strings.TrimSpace(a.Surname1 + " " + a.Surname2); typed != "" && !nameAgrees(typed, r.Surname) {
		add(Surname1, typed, r.Surname)
	}
	if s := strings.ToUpper(strings.TrimSpace(a.SerialNumber)); s != "" {
		clean := strings.NewReplacer("-", "", " ", "", ".", "").Replace(s)
		if clean != r.DocumentNumber && clean != r.OptionalData1 && clean != r.OptionalData2 {
			add(SerialNumber, a.SerialNumber, r.DocumentNumber)
		}
	}
	if _, ok := r.BirthDate.Time(); ok && a.BirthDate != "" && a.BirthDate != r.BirthDate.String() {
		add(BirthDate, a.BirthDate, r.BirthDate.String())
	}
	for _, c := range []struct{ field, typed, code3 string }{
		{Nationality, a.Nationality, r.Nationality}, {IDDocumentCountry, a.IDDocumentCountry, r.IssuingState},
	} {
		if want, ok := Country2(c.code3); ok && c.typed != "" && !strings.EqualFold(c.typed, want) {
			add(c.field, c.typed, want)
		}
	}
	if a.IDDocumentType != "" {
		if want := FromMRZ(r)[IDDocumentType]; want != "" && a.IDDocumentType != want {
			add(IDDocumentType, a.IDDocumentType, want)
		}
	}
	return out
}

// Transliterate writes a name as a machine readable zone does: accents dropped, Ñ as N,
// Ä as A..., every other character but letters removed, upper case.
func Transliterate(s string) string { return transliterate(s, false) }

// transliterate with umlautE writes Ä, Ö and Ü as AE, OE and UE, the other spelling
// ICAO 9303 allows.
func transliterate(s string, umlautE bool) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == '\u0308' && umlautE && strings.ContainsRune("AOUaou", prev):
			b.WriteString("E")
		case unicode.Is(unicode.Mn, r):
		case r == 'ß':
			b.WriteString("SS")
		case r == 'Æ' || r == 'æ':
			b.WriteString("AE")
		case r == 'Ø' || r == 'ø':
			b.WriteString("OE")
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToUpper(r))
		}
		prev = r
	}
	return b.String()
}

// PrefillMRZ fills the empty fields of a with what a valid zone gives (FromMRZ) and
// returns the result with the names of the fields it filled, in store.Applicant's order.
func PrefillMRZ(a store.Applicant, r *mrz.Result) (store.Applicant, []string) {
	from := FromMRZ(r)
	var filled []string
	for _, f := range order {
		v, ok := from[f]
		if !ok {
			continue
		}
		p := fieldPtr(&a, f)
		if p != nil && strings.TrimSpace(*p) == "" {
			*p = v
			filled = append(filled, f)
		}
	}
	return a, filled
}

// fieldPtr returns the field of a named name.
func fieldPtr(a *store.Applicant, name string) *string {
	switch name {
	case GivenName:
		return &a.GivenName
	case Surname1:
		return &a.Surname1
	case Surname2:
		return &a.Surname2
	case IDDocumentType:
		return &a.IDDocumentType
	case IDDocumentCountry:
		return &a.IDDocumentCountry
	case SerialNumber:
		return &a.SerialNumber
	case BirthDate:
		return &a.BirthDate
	case Nationality:
		return &a.Nationality
	}
	return nil
}

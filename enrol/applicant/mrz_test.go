package applicant

import (
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/store"
)

func parse(t *testing.T, lines ...string) *mrz.Result {
	t.Helper()
	r, err := mrz.Parse(lines, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// spanish is the TD1 specimen with Spain as state and nationality and the surnames
// GARCIA MUELLER: two words, no particle.
func spanish(t *testing.T, names string) *mrz.Result {
	cd := func(s string) string { return string(mrz.CheckDigit(s)) }
	l1 := "IDESPBAA000589" + cd("BAA000589") + "99999999R<<<<<<"
	l2 := "8001014" + "F" + "3101015" + "ESP" + "<<<<<<<<<<<"
	l2 = l2[:6] + cd("800101") + l2[7:14] + cd("310101") + l2[15:]
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	return parse(t, l1, l2, names)
}

func TestFromMRZ(t *testing.T) {
	got := FromMRZ(spanish(t, "GARCIA<MUELLER<<MARIA<JOSE<<<<"))
	want := map[string]string{GivenName: "MARIA JOSE", Surname1: "GARCIA", Surname2: "MUELLER", IDDocumentType: "IDC",
		IDDocumentCountry: "ES", Nationality: "ES", SerialNumber: "BAA000589", BirthDate: "1980-01-01"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%v", got)
	}
	// A compound surname stays whole; Utopia has no two-letter code; a passport is PAS.
	p := FromMRZ(parse(t, "P<UTODE<LA<CRUZ<<ANNA<<<<<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"))
	if p[Surname1] != "DE LA CRUZ" || p[Surname2] != "" || p[IDDocumentType] != "PAS" || p[Nationality] != "" {
		t.Errorf("%v", p)
	}
	if len(FromMRZ(nil)) != 0 {
		t.Error("nil result")
	}
}

func TestCompareMRZ(t *testing.T) {
	r := spanish(t, "GARCIA<MUELLER<<MARIA<JOSE<<<<")
	good := store.Applicant{GivenName: "María José", Surname1: "García", Surname2: "Müller", IDDocumentType: "IDC",
		IDDocumentCountry: "ES", Nationality: "es", SerialNumber: "BAA000589", BirthDate: "1980-01-01"}
	if mm := CompareMRZ(good, r); len(mm) != 0 {
		t.Fatalf("accents and the umlaut's AE spelling must agree: %v", mm)
	}
	// The personal number in the optional data is also the document's.
	dni := good
	dni.SerialNumber = "99999999-R"
	if mm := CompareMRZ(dni, r); len(mm) != 0 {
		t.Fatalf("%v", mm)
	}
	bad := good
	bad.GivenName, bad.SerialNumber, bad.BirthDate, bad.Nationality, bad.IDDocumentType = "Maria", "BAA000598", "1980-01-10", "FR", "PAS"
	got := map[string]Mismatch{}
	for _, m := range CompareMRZ(bad, r) {
		got[m.Field] = m
	}
	for _, f := range []string{GivenName, SerialNumber, BirthDate, Nationality, IDDocumentType} {
		if _, ok := got[f]; !ok {
			t.Errorf("%s not flagged: %v", f, got)
		}
	}
	if len(got) != 5 || got[BirthDate].MRZ != "1980-01-01" {
		t.Errorf("%v", got)
	}
	// Empty fields are not compared; a name typed in full agrees with a truncated zone.
	if mm := CompareMRZ(store.Applicant{}, r); len(mm) != 0 {
		t.Errorf("%v", mm)
	}
	tr := spanish(t, "GARCIA<MUELLER<<MARIA<JOSEFINA")
	long := good
	long.GivenName = "María Josefina Antonia"
	if !tr.NamesTruncated {
		t.Fatal("not truncated")
	}
	if mm := CompareMRZ(long, tr); len(mm) != 0 {
		t.Errorf("%v", mm)
	}
}

func TestTransliterate(t *testing.T) {
	for in, want := range map[string]string{"Ibáñez-O'Neill": "IBANEZONEILL", "Straße": "STRASSE", "Øster Æble": "OESTERAEBLE", "  ": ""} {
		if got := Transliterate(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestPrefillMRZ(t *testing.T) {
	r := spanish(t, "GARCIA<MUELLER<<MARIA<JOSE<<<<")
	a, filled := PrefillMRZ(store.Applicant{GivenName: "María José", Email: "m@example.com"}, r)
	if a.GivenName != "María José" || a.Surname1 != "GARCIA" || a.SerialNumber != "BAA000589" || a.Email != "m@example.com" {
		t.Fatalf("%+v", a)
	}
	want := []string{Surname1, Surname2, IDDocumentType, IDDocumentCountry, SerialNumber, BirthDate, Nationality}
	if strings.Join(filled, ",") != strings.Join(want, ",") {
		t.Fatalf("filled %v, want %v", filled, want)
	}
	if _, filled := PrefillMRZ(a, &mrz.Result{}); len(filled) != 0 {
		t.Fatal("an invalid zone filled fields")
	}
}

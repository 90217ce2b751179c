package mrz

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

var ref = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// The specimens of ICAO Doc 9303 (Part 4 TD3, Part 5 TD1 with a short and a long
// document number, Part 6 TD2).
var (
	specimenTD3  = []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	specimenTD1  = []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}
	specimenTD1L = []string{"I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2", "STEVENSON<<PETER<JOHN<<<<<<<<<"}
	specimenTD2  = []string{"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"}
)

func TestCheckDigit(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"L898902C3", "6"}, {"740812", "2"}, {"120415", "9"}, {"ZE184226B<<<<<", "1"},
		{"D23145890", "7"}, {"D23145890734", "9"}, {"<<<<<<<<<", "0"}, {"", "0"},
		{"L898902C36740812212041591ZE184226B<<<<<" /* not the composite */, string(CheckDigit("L898902C36740812212041591ZE184226B<<<<<"))},
		{"L898902C3674081221204159ZE184226B<<<<<1", "0"},
	} {
		if got := string(CheckDigit(tc.in)); got != tc.want {
			t.Errorf("CheckDigit(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseSpecimens(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lines  []string
		want   Result
		checks int
	}{
		{"TD3", specimenTD3, Result{Format: TD3, DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3",
			Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Nationality: "UTO", Sex: "F", OptionalData1: "ZE184226B",
			BirthDate: Date{"740812", 1974, 8, 12}, ExpiryDate: Date{"120415", 2012, 4, 15}}, 5},
		{"TD1", specimenTD1, Result{Format: TD1, DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "D23145890",
			Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Nationality: "UTO", Sex: "F",
			BirthDate: Date{"740812", 1974, 8, 12}, ExpiryDate: Date{"120415", 2012, 4, 15}}, 4},
		{"TD1 long number", specimenTD1L, Result{Format: TD1, DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "D23145890734",
			Surname: "STEVENSON", GivenNames: "PETER JOHN", Nationality: "UTO", Sex: "M",
			BirthDate: Date{"340712", 1934, 7, 12}, ExpiryDate: Date{"950712", 1995, 7, 12}}, 4},
		{"TD2", specimenTD2, Result{Format: TD2, DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "D23145890",
			Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Nationality: "UTO", Sex: "F",
			BirthDate: Date{"740812", 1974, 8, 12}, ExpiryDate: Date{"120415", 2012, 4, 15}}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.lines, ref)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Valid || len(r.Corrections) != 0 || len(r.Problems) != 0 || len(r.Checks) != tc.checks {
				t.Fatalf("valid %v, corrections %v, problems %v, %d checks", r.Valid, r.Corrections, r.Problems, len(r.Checks))
			}
			got := *r
			got.Checks, got.Lines, got.Corrections, got.Problems, got.Valid = nil, nil, nil, nil, false
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if !r.Expired(ref) {
				t.Error("the specimen expired long ago")
			}
		})
	}
}

// TestParseEveryCheckDigit changes each check digit of each specimen in turn: exactly
// that check must fail, and the result must not be valid.
func TestParseEveryCheckDigit(t *testing.T) {
	for name, lines := range map[string][]string{"TD3": specimenTD3, "TD1": specimenTD1, "TD1 long": specimenTD1L, "TD2": specimenTD2} {
		r, _ := Parse(lines, ref)
		f := r.Format
		checks := layouts[f].checks
		if long, ok := longNumber(toRows(lines), f); ok {
			checks = append([]check{long}, checks[1:]...)
		}
		for _, c := range checks {
			rows := toRows(lines)
			d := rows[c.digit.line][c.digit.start]
			rows[c.digit.line][c.digit.start] = '0' + (d-'0'+3)%10
			r, err := Parse(fromRows(rows), ref)
			if !errors.Is(err, ErrCheckDigit) || r.Valid {
				t.Errorf("%s: %s check digit changed: err %v, valid %v", name, c.name, err, r != nil && r.Valid)
				continue
			}
			// The composite covers the other check digits, so it fails with them.
			want := c.name
			if c.name != fComposite {
				want += " " + fComposite
			}
			if failed := strings.Join(r.Failed(), " "); failed != want {
				t.Errorf("%s: %s check digit changed: failed %v", name, c.name, failed)
			}
		}
	}
}

func toRows(lines []string) [][]byte {
	rows := make([][]byte, len(lines))
	for i, l := range lines {
		rows[i] = []byte(l)
	}
	return rows
}

func fromRows(rows [][]byte) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = string(r)
	}
	return out
}

// replace returns lines with the character at (line, col) replaced by c.
func replace(lines []string, line, col int, c byte) []string {
	rows := toRows(lines)
	rows[line][col] = c
	return fromRows(rows)
}

func TestParseCorrections(t *testing.T) {
	for _, tc := range []struct {
		name        string
		lines       []string
		valid       bool
		corrections []string // Correction.String()
		number      string
	}{
		{"O for 0 in a date", replace(specimenTD3, 1, 15, 'O'), true, []string{`birth date: "O" -> "0" (line 2, column 16)`}, "L898902C3"},
		{"S for 5 in a check digit", replace(replace(specimenTD1, 1, 29, 'S'), 1, 6, 'Z'), false, nil, "D23145890"},
		{"O for 0 in the number", replace(specimenTD3, 1, 5, 'O'), true, []string{`document number: "O" -> "0" (line 2, column 6)`}, "L898902C3"},
		{"B for 8 in the number is ambiguous", replace(specimenTD3, 1, 1, 'B'), false, []string{}, "LB98902C3"},
		{"8 for B in the personal number is ambiguous", replace(specimenTD3, 1, 36, '8'), false, []string{}, "L898902C3"},
		{"S for 5 in a long number", replace(specimenTD1L, 0, 10, 'S'), true, []string{`document number: "S" -> "5" (line 1, column 11)`}, "D23145890734"},
		{"0 for O in the nationality", replace(specimenTD3, 1, 12, '0'), true, []string{`nationality: "0" -> "O" (line 2, column 13)`}, "L898902C3"},
		{"1 for I in the document code", replace(specimenTD1, 0, 0, '1'), true, []string{`document code: "1" -> "I" (line 1, column 1)`}, "D23145890"},
		{"one confusion in the TD1 number", replace(specimenTD1, 0, 10, 'S'), true,
			[]string{`document number: "S" -> "5" (line 1, column 11)`}, "D23145890"},
		{"two confusions in the number are not repaired", replace(replace(specimenTD1, 0, 6, 'Z'), 0, 10, 'S'), false, nil, "DZ314S890"},
		{"a misread that is no confusion", replace(specimenTD3, 1, 3, '7'), false, nil, "L897902C3"},
		{"a letter in a date that is no confusion", replace(specimenTD3, 1, 15, 'X'), false, nil, "L898902C3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.lines, ref)
			if r == nil {
				t.Fatalf("no result: %v", err)
			}
			if r.Valid != tc.valid || (err == nil) != (tc.valid || len(r.Failed()) == 0) {
				t.Fatalf("valid %v (err %v, failed %v, problems %v), want %v", r.Valid, err, r.Failed(), r.Problems, tc.valid)
			}
			if tc.corrections != nil {
				var got []string
				for _, c := range r.Corrections {
					got = append(got, c.String())
				}
				if strings.Join(got, "|") != strings.Join(tc.corrections, "|") {
					t.Errorf("corrections %q, want %q", got, tc.corrections)
				}
			}
			if r.DocumentNumber != tc.number {
				t.Errorf("number %q, want %q", r.DocumentNumber, tc.number)
			}
		})
	}
}

// TestParseAmbiguous: when more than one correction would make the check digits agree,
// none is made. In "OA70C7D4E" read as "0A70C7D4E", turning either 0 into an O moves the
// check sum by the same amount (both have weight 7), so the digits cannot tell them apart.
func TestParseAmbiguous(t *testing.T) {
	num := "OA70C7D4E"
	line2 := num + string(CheckDigit(num)) + "UTO7408122F1204159<<<<<<<<<<<<<<<"
	line2 += string(CheckDigit(line2[0:10] + line2[13:20] + line2[21:43]))
	truth := []string{specimenTD3[0], line2}
	if r, err := Parse(truth, ref); err != nil || !r.Valid {
		t.Fatalf("the truth itself: %v", err)
	}
	r, err := Parse(replace(truth, 1, 0, '0'), ref)
	if !errors.Is(err, ErrCheckDigit) || r.Valid || len(r.Corrections) != 0 || len(r.Problems) != 1 {
		t.Fatalf("err %v, corrections %v, problems %v", err, r.Corrections, r.Problems)
	}
}

func TestParseNames(t *testing.T) {
	for _, tc := range []struct {
		field, surname, given string
		truncated             bool
	}{
		{"ERIKSSON<<ANNA<MARIA<<<<<<<<<<", "ERIKSSON", "ANNA MARIA", false},
		{"DE<LA<CRUZ<<JOSE<<<<<<<<<<<<<<", "DE LA CRUZ", "JOSE", false},
		{"NOGIVENNAME<<<<<<<<<<<<<<<<<<<", "NOGIVENNAME", "", false},
		{"HERNANDEZ<GARCIA<<MARIA<DEL<CA", "HERNANDEZ GARCIA", "MARIA DEL CA", true},
		{"<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "", "", false},
	} {
		lines := []string{specimenTD1[0], specimenTD1[1], tc.field}
		r, err := Parse(lines, ref)
		if err != nil {
			t.Fatal(err)
		}
		if r.Surname != tc.surname || r.GivenNames != tc.given || r.NamesTruncated != tc.truncated {
			t.Errorf("%s: %q %q %v", tc.field, r.Surname, r.GivenNames, r.NamesTruncated)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, lines := range [][]string{
		nil, {""}, {specimenTD3[0]}, {specimenTD3[0], specimenTD1[1]},
		{specimenTD1[0], specimenTD1[1], specimenTD1[2] + "<"},
		{strings.Replace(specimenTD3[0], "A", "*", 1), specimenTD3[1]},
	} {
		if r, err := Parse(lines, ref); !errors.Is(err, ErrFormat) || r != nil {
			t.Errorf("%q: %v", lines, err)
		}
	}
	// Spaces, lower case and one string with line breaks are tolerated.
	r, err := Parse([]string{strings.ToLower(specimenTD1[0][:10]) + " " + specimenTD1[0][10:] + "\n" + specimenTD1[1] + "\r\n" + specimenTD1[2]}, ref)
	if err != nil || r.Format != TD1 {
		t.Fatalf("%v", err)
	}
}

func TestParseDatesAndSex(t *testing.T) {
	// An impossible birth date whose check digit agrees is a problem, not valid.
	l := replace(specimenTD3, 1, 15, '1')
	l = replace(l, 1, 16, '3') // 741312: month 13
	rows := toRows(l)
	rows[1][19] = CheckDigit("741312")
	rows[1][43] = CheckDigit(string(rows[1][0:10]) + string(rows[1][13:20]) + string(rows[1][21:43]))
	r, err := Parse(fromRows(rows), ref)
	if err != nil || r.Valid || len(r.Problems) != 1 || r.BirthDate.Year != 0 {
		t.Fatalf("err %v, valid %v, problems %v", err, r.Valid, r.Problems)
	}
	if _, ok := r.BirthDate.Time(); ok || r.BirthDate.String() != "741312" {
		t.Error("an impossible date resolved")
	}
	// The filler is the unspecified sex.
	r, _ = Parse(replace(specimenTD3, 1, 20, '<'), ref)
	if r.Sex != "X" || !r.Valid {
		t.Errorf("sex %q valid %v", r.Sex, r.Valid)
	}
	// Centuries: born in 2010, expiring 2031.
	b := Date{Raw: "100101"}
	if d := parseDate("100101", ref, false); d.Year != 2010 {
		t.Errorf("%v %v", b, d)
	}
	if d := parseDate("270101", ref, false); d.Year != 1927 {
		t.Errorf("born %v", d)
	}
	if d := parseDate("310101", ref, true); d.Year != 2031 {
		t.Errorf("expiry %v", d)
	}
	if d := parseDate("310101", ref, true); d.String() != "2031-01-01" {
		t.Errorf("string %v", d)
	}
	valid := &Result{ExpiryDate: Date{"261201", 2026, 12, 1}}
	if valid.Expired(ref) || !valid.Expired(ref.AddDate(0, 0, 1)) {
		t.Error("a document is valid through its expiry day")
	}
}

func TestParseEmptyPersonalNumber(t *testing.T) {
	// TD3 with no personal number: the filler may stand in the place of its check digit.
	l2 := []byte("L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<0")
	l2[43] = CheckDigit(string(l2[0:10]) + string(l2[13:20]) + string(l2[21:43]))
	for _, d := range []byte{'<', '0'} {
		l2[42] = d
		l2[43] = CheckDigit(string(l2[0:10]) + string(l2[13:20]) + string(l2[21:43]))
		if r, err := Parse([]string{specimenTD3[0], string(l2)}, ref); err != nil || r.OptionalData1 != "" {
			t.Errorf("digit %c: %v", d, err)
		}
	}
}

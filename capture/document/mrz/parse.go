package mrz

import (
	"fmt"
	"strings"
	"time"
)

// toDigit and toLetter are the usual OCR confusions between letters and digits.
var (
	toDigit  = map[byte]byte{'O': '0', 'I': '1', 'Z': '2', 'S': '5', 'B': '8'}
	toLetter = map[byte]byte{'0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B'}
)

// maxSwaps bounds the confusion corrections tried in the check-digit protected fields.
// A correction is accepted only when it is the one and only candidate of its size with
// which every check digit agrees. One: a check digit is a sum modulo 10, and with two
// swaps a wrong pair agrees by chance too often to be trusted (the document number and
// the composite weigh the number alike, so the composite adds nothing against it).
const maxSwaps = 1

// Parse reads the lines of a machine readable zone (TD1, TD2 or TD3; spaces, line breaks
// and lower case are tolerated). ref resolves the two-digit years: a birth year is in the
// century that puts it on or before ref's year; an expiry year is in 2000-2099 unless
// that is more than 50 years after ref.
//
// The error wraps ErrFormat when the lines are no zone (the Result is then nil), and
// ErrCheckDigit when a check digit still disagrees after the corrections, with the
// Result telling which.
func Parse(lines []string, ref time.Time) (*Result, error) {
	rows, f, err := normalise(lines)
	if err != nil {
		return nil, err
	}
	lay := layouts[f]
	r := &Result{Format: f}

	// Letters in a digits-only field, and digits in a letters-only field, cannot be
	// right: replace the usual confusions. The check digits verify the numeric ones.
	fixFormat(rows, lay, r)
	checks := lay.checks
	if long, ok := longNumber(rows, f); ok {
		checks = append([]check{long}, checks[1:]...)
	}
	if !allAgree(rows, checks) {
		searchSwaps(rows, lay, checks, r)
	}
	for _, c := range checks {
		read, computed := digitAt(rows, c), CheckDigit(cover(rows, c))
		r.Checks = append(r.Checks, Check{Field: c.name, Read: string(read), Computed: string(computed), OK: agrees(rows, c)})
	}
	fill(rows, lay, checks, r, ref)
	for _, row := range rows {
		r.Lines = append(r.Lines, string(row))
	}
	r.Valid = len(r.Failed()) == 0 && len(r.Problems) == 0
	if failed := r.Failed(); len(failed) > 0 {
		return r, fmt.Errorf("%w: %s", ErrCheckDigit, strings.Join(failed, ", "))
	}
	return r, nil
}

// normalise joins, cleans and shapes the lines and recognises the format.
func normalise(lines []string) ([][]byte, Format, error) {
	var rows [][]byte
	for _, l := range lines {
		for _, part := range strings.FieldsFunc(l, func(r rune) bool { return r == '\n' || r == '\r' }) {
			s := strings.ToUpper(strings.Map(func(r rune) rune {
				if r == ' ' || r == '\t' {
					return -1
				}
				return r
			}, part))
			if s != "" {
				rows = append(rows, []byte(s))
			}
		}
	}
	for f, shape := range lineShape {
		if len(rows) != shape[0] {
			continue
		}
		same := true
		for _, row := range rows {
			same = same && len(row) == shape[1]
		}
		if !same {
			continue
		}
		for i, row := range rows {
			for j, c := range row {
				if !validChar(c) {
					return nil, "", fmt.Errorf("%w: character %q at line %d, column %d is outside the MRZ alphabet", ErrFormat, c, i+1, j+1)
				}
			}
		}
		return rows, f, nil
	}
	lens := make([]string, len(rows))
	for i, row := range rows {
		lens[i] = fmt.Sprint(len(row))
	}
	return nil, "", fmt.Errorf("%w: %d lines of %s characters (want 3x30, 2x36 or 2x44)", ErrFormat, len(rows), strings.Join(lens, "/"))
}

// fixFormat replaces confusable characters that the field's kind rules out.
func fixFormat(rows [][]byte, lay layout, r *Result) {
	fix := func(name string, s span, k kind) {
		for i := s.start; i < s.end; i++ {
			c := rows[s.line][i]
			m := toLetter
			if k == numeric {
				m = toDigit
			}
			if to, ok := m[c]; ok && k != alnum {
				rows[s.line][i] = to
				r.Corrections = append(r.Corrections, Correction{Field: name, Line: s.line, Column: i, From: string(c), To: string(to)})
			}
		}
	}
	for _, f := range lay.fields {
		fix(f.name, f.at, f.kind)
	}
	for _, c := range lay.checks {
		if rows[c.digit.line][c.digit.start] != '<' {
			fix(c.name+" "+fCheckDigit, c.digit, numeric)
		}
	}
}

// longNumber returns the document number check of a TD1 or TD2 zone whose number is
// longer than nine characters: its filler in the check digit's place, the rest of the
// number and then its check digit at the start of the optional data.
func longNumber(rows [][]byte, f Format) (check, bool) {
	var num, opt span
	switch f {
	case TD1:
		num, opt = span{0, 5, 14}, span{0, 15, 30}
	case TD2:
		num, opt = span{1, 0, 9}, span{1, 28, 35}
	default:
		return check{}, false
	}
	row := rows[num.line]
	if row[num.end] != '<' || row[opt.start] == '<' {
		return check{}, false
	}
	end := opt.start
	for end < opt.end && row[end] != '<' {
		end++
	}
	if end-opt.start < 2 {
		return check{}, false
	}
	return check{name: fDocumentNumber, over: []span{num, {opt.line, opt.start, end - 1}}, digit: span{opt.line, end - 1, end}}, true
}

func cover(rows [][]byte, c check) string {
	var b strings.Builder
	for _, s := range c.over {
		b.Write(rows[s.line][s.start:s.end])
	}
	return b.String()
}

func digitAt(rows [][]byte, c check) byte { return rows[c.digit.line][c.digit.start] }

// agrees reports whether the check digit matches its field. A filler in the place of the
// digit stands for an empty field (ICAO 9303 allows it for the optional data).
func agrees(rows [][]byte, c check) bool {
	d, s := digitAt(rows, c), cover(rows, c)
	if d == '<' {
		return c.name == fOptional1 && strings.Trim(s, "<") == ""
	}
	return d == CheckDigit(s)
}

func allAgree(rows [][]byte, checks []check) bool {
	for _, c := range checks {
		if !agrees(rows, c) {
			return false
		}
	}
	return true
}

// searchSwaps tries the letter/digit confusions in the alphanumeric fields, the fewest
// swaps first, and keeps a candidate only when it is the only one of its size with which
// every check digit agrees.
func searchSwaps(rows [][]byte, lay layout, checks []check, r *Result) {
	type pos struct {
		name      string
		line, col int
	}
	var cand []pos
	for _, f := range lay.fields {
		if f.kind != alnum {
			continue
		}
		for i := f.at.start; i < f.at.end; i++ {
			c := rows[f.at.line][i]
			if _, ok := toDigit[c]; ok {
				cand = append(cand, pos{f.name, f.at.line, i})
			} else if _, ok := toLetter[c]; ok {
				cand = append(cand, pos{f.name, f.at.line, i})
			}
		}
	}
	swap := func(p pos) {
		c := rows[p.line][p.col]
		if to, ok := toDigit[c]; ok {
			rows[p.line][p.col] = to
		} else {
			rows[p.line][p.col] = toLetter[c]
		}
	}
	for n := 1; n <= maxSwaps && n <= len(cand); n++ {
		var found [][]pos
		var try func(start int, chosen []pos)
		try = func(start int, chosen []pos) {
			if len(found) > 1 {
				return
			}
			if len(chosen) == n {
				for _, p := range chosen {
					swap(p)
				}
				if allAgree(rows, checks) {
					found = append(found, append([]pos(nil), chosen...))
				}
				for _, p := range chosen {
					swap(p) // swapping twice restores
				}
				return
			}
			for i := start; i < len(cand); i++ {
				try(i+1, append(chosen, cand[i]))
			}
		}
		try(0, nil)
		if len(found) == 1 {
			for _, p := range found[0] {
				from := rows[p.line][p.col]
				swap(p)
				r.Corrections = append(r.Corrections, Correction{Field: p.name, Line: p.line, Column: p.col, From: string(from), To: string(rows[p.line][p.col])})
			}
			return
		}
		if len(found) > 1 {
			r.Problems = append(r.Problems, fmt.Sprintf("several corrections of %d characters would make the check digits agree; none was made", n))
			return
		}
	}
}

func text(rows [][]byte, s span) string { return string(rows[s.line][s.start:s.end]) }

func trimFill(s string) string { return strings.TrimRight(s, "<") }

// fill sets the Result's fields from the corrected rows.
func fill(rows [][]byte, lay layout, checks []check, r *Result, ref time.Time) {
	for _, f := range lay.fields {
		v := text(rows, f.at)
		switch f.name {
		case fDocumentCode:
			r.DocumentCode = trimFill(v)
		case fIssuingState:
			r.IssuingState = trimFill(v)
		case fDocumentNumber:
			r.DocumentNumber = trimFill(v)
		case fOptional1:
			r.OptionalData1 = trimFill(v)
		case fOptional2:
			r.OptionalData2 = trimFill(v)
		case fNationality:
			r.Nationality = trimFill(v)
		case fSex:
			switch v {
			case "M", "F":
				r.Sex = v
			case "<", "X":
				r.Sex = "X"
			default:
				r.Problems = append(r.Problems, fmt.Sprintf("sex %q is not M, F or <", v))
			}
		case fBirthDate:
			r.BirthDate = parseDate(v, ref, false)
			if r.BirthDate.Year == 0 {
				r.Problems = append(r.Problems, fmt.Sprintf("birth date %q is not a date", v))
			}
		case fExpiryDate:
			r.ExpiryDate = parseDate(v, ref, true)
			if r.ExpiryDate.Year == 0 {
				r.Problems = append(r.Problems, fmt.Sprintf("expiry date %q is not a date", v))
			}
		case fNames:
			r.Surname, r.GivenNames = splitNames(v)
			r.NamesTruncated = v[len(v)-1] != '<'
		}
	}
	if checks[0].name == fDocumentNumber && len(checks[0].over) == 2 {
		// A long number: its tail and check digit take the start of the optional data.
		ext := checks[0].over[1]
		r.DocumentNumber = trimFill(text(rows, checks[0].over[0])) + text(rows, ext)
		opt := strings.TrimLeft(trimFill(string(rows[ext.line][ext.end+1:])), "<")
		if r.Format == TD1 {
			r.OptionalData1 = opt
		} else {
			r.OptionalData2 = opt
		}
	}
}

// splitNames splits the name field at its first double filler into the primary and
// secondary identifiers; single fillers separate the parts of each.
func splitNames(v string) (surname, given string) {
	v = trimFill(v)
	primary, secondary, _ := strings.Cut(v, "<<")
	words := func(s string) string {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '<' }), " ")
	}
	return words(primary), words(secondary)
}

// parseDate resolves a YYMMDD date; the zero Year means it is not a date.
func parseDate(raw string, ref time.Time, expiry bool) Date {
	d := Date{Raw: raw}
	var n [3]int
	for i := range n {
		a, b := raw[2*i], raw[2*i+1]
		if a < '0' || a > '9' || b < '0' || b > '9' {
			return d
		}
		n[i] = int(a-'0')*10 + int(b-'0')
	}
	year := 2000 + n[0]
	if expiry {
		if year > ref.Year()+50 {
			year -= 100
		}
	} else if year > ref.Year() {
		year -= 100
	}
	t := time.Date(year, time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if n[1] < 1 || n[1] > 12 || t.Day() != n[2] || t.Month() != time.Month(n[1]) {
		return d
	}
	d.Year, d.Month, d.Day = year, n[1], n[2]
	return d
}

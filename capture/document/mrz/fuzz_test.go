package mrz

import (
	"strings"
	"testing"
)

// FuzzParse: any text either is refused as no zone, or yields a result whose lines have
// the format's shape, whose Valid agrees with its checks and problems, and which parses
// again to itself.
func FuzzParse(f *testing.F) {
	for _, s := range [][]string{specimenTD3, specimenTD1, specimenTD1L, specimenTD2, replace(specimenTD3, 1, 2, 'B')} {
		f.Add(strings.Join(s, "\n"))
	}
	f.Add("")
	f.Add("P<\n<<")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(strings.Split(s, "\n"), ref)
		if r == nil {
			if err == nil {
				t.Fatal("no result and no error")
			}
			return
		}
		shape := lineShape[r.Format]
		if len(r.Lines) != shape[0] {
			t.Fatalf("%d lines for %s", len(r.Lines), r.Format)
		}
		for _, l := range r.Lines {
			if len(l) != shape[1] {
				t.Fatalf("line of %d for %s", len(l), r.Format)
			}
		}
		if r.Valid != (len(r.Failed()) == 0 && len(r.Problems) == 0) {
			t.Fatal("Valid disagrees with the checks")
		}
		if r.Valid {
			again, err := Parse(r.Lines, ref)
			if err != nil || !again.Valid || again.DocumentNumber != r.DocumentNumber || len(again.Corrections) != 0 {
				t.Fatalf("a valid result does not parse to itself: %v", err)
			}
		}
	})
}

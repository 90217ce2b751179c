package sandbox

import (
	"errors"
	"testing"
)

func TestCheckCURP(t *testing.T) {
	for _, c := range []struct {
		curp string
		ok   bool
	}{
		{"PESJ880212HDFHLX01", true}, // the People API seed's example
		{"HEGG560427MVZRRL04", true},
		{"LOOA531113HTCPBN07", true},
		{"PESJ880212HDFHLX02", false}, // check digit
		{"PESJ881312HDFHLX01", false}, // month 13
		{"PESJ880212HZZHLX01", false}, // no state ZZ
		{"pesj880212hdfhlx01", false}, // lower case
		{"PESJ880212HDFHLX0", false},  // 17 characters
		{"", false},
	} {
		err := checkCURP(c.curp)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrCURP)) {
			t.Errorf("checkCURP(%q) = %v, want ok=%v", c.curp, err, c.ok)
		}
	}
}

func FuzzCheckCURP(f *testing.F) {
	f.Add("PESJ880212HDFHLX01")
	f.Add("PESJ880212HDFHLÑ01")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if err := checkCURP(s); err != nil && !errors.Is(err, ErrCURP) {
			t.Fatalf("error %v does not wrap ErrCURP", err)
		}
	})
}

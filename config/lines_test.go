package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestEveryErrorNamesItsLine: whatever is wrong in a file (a syntax error, a typo, a
// value of the wrong type, a value the validation refuses), the error says on which line.
func TestEveryErrorNamesItsLine(t *testing.T) {
	const head = "profile = \"oneshot\"\n\n[backend]\noneshot_url = \"https://api.example.com\"\n"
	for name, c := range map[string]struct {
		file string
		line int
		want error
	}{
		"plain http":        {"[backend]\n# the URL\noneshot_url = \"http://api.example.com\"\n", 3, ErrInvalid},
		"not a url":         {head + "signal_url = \"::\"\n", 5, ErrInvalid},
		"profile":           {"branch_id = \"x\"\nprofile = \"nope\"\n", 2, ErrInvalid},
		"language":          {"\nlanguage = \"fr\"\n", 2, ErrInvalid},
		"env":               {head + "env = \"staging\"\n", 5, ErrInvalid},
		"min_rate":          {head + "min_rate = -5\n", 5, ErrInvalid},
		"rate_window":       {head + "rate_window = \"10ms\"\n", 5, ErrInvalid},
		"secret two ways":   {head + "username = { env = \"A\", file = \"/b\" }\n", 5, ErrInvalid},
		"inactivity":        {head + "[kiosk]\n\ninactivity_lock = \"2s\"\n", 7, ErrInvalid},
		"camera source":     {head + "[camera]\nsource = \"webcam\"\n", 6, ErrInvalid},
		"unknown key":       {head + "oneshot_ur = \"https://x\"\n", 5, ErrUnknownKey},
		"syntax":            {head + "timeout = \n", 5, ErrSyntax},
		"wrong type":        {head + "timeout = 5\n", 5, ErrInvalid},
		"location in range": {head + "[location]\nlat = 91.0\n", 6, ErrInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := Default()
			err := Parse([]byte(c.file), &cfg)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if want := fmt.Sprintf("line %d:", c.line); !strings.Contains(err.Error(), want) {
				t.Errorf("err = %q, does not say %q", err, want)
			}
		})
	}
}

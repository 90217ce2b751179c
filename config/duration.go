package config

import (
	"fmt"
	"time"
)

// Duration is a time.Duration written in the file as a Go duration string ("90s", "15m").
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("invalid duration %q: write it like \"90s\", \"15m\" or \"720h\"", b)
	}
	if v < 0 {
		return fmt.Errorf("invalid duration %q: must be positive", b)
	}
	d.Duration = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

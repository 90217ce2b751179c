package stu

import (
	"context"
	"fmt"
)

// Connected is a pad found in sysfs and what it says about itself.
type Connected struct {
	Candidate
	// Info is read from the pad; zero when it could not be opened (Err says why).
	Info Info
	Err  error
}

// Probe opens every candidate briefly to read its model, serial and firmware.
func Probe(ctx context.Context, cs []Candidate) []Connected {
	out := make([]Connected, 0, len(cs))
	for _, c := range cs {
		p, err := Open(ctx, c.Path)
		k := Connected{Candidate: c, Err: err}
		if err == nil {
			k.Info = p.Info()
			p.Close()
		}
		out = append(out, k)
	}
	return out
}

// Describe says which pad c is, for Settings and the doctor: "Wacom STU-540, serial
// 7Z00A00123, firmware 1.5 (/dev/hidraw2)". A pad that was not probed or could not be
// opened is described from sysfs.
func Describe(c Candidate, in Info) string {
	model, serial := c.Model, c.Serial
	if in.Model != "" {
		model = in.Model
	}
	if in.Serial != "" {
		serial = in.Serial
	}
	s := "Wacom " + model
	if serial != "" {
		s += ", serial " + serial
	} else {
		s += ", no serial reported"
	}
	if in.Firmware != "" {
		s += ", firmware " + in.Firmware
	}
	return fmt.Sprintf("%s (%s)", s, c.Path)
}

package ui

import "github.com/enrolkiosk/enrolkiosk/access"

// Test-only accessors: what the tests read of a Shell, kept out of the binary.

// Selected returns the name of the section on screen.
func (s *Shell) Selected() string { return s.tabs.Selected().Text }

// Operator returns who is logged in (zero before a login).
func (s *Shell) Operator() access.Operator { return s.operator }

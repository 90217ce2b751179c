package ui

// Test-only accessors: what the tests read of a Shell, kept out of the binary.

// Selected returns the name of the section on screen.
func (s *Shell) Selected() string { return s.tabs.tabs[s.tabs.selected].text }

//go:build windows

package systemd

import "os"

// StderrIsJournal reports false: Windows has no systemd journal (the Windows service
// manager and its event log are another matter, not handled here).
func StderrIsJournal(func(string) string, *os.File) bool { return false }

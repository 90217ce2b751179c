//go:build !windows

package systemd

import (
	"fmt"
	"os"
	"syscall"
)

// StderrIsJournal reports whether stderr is the journal stream systemd connected
// (JOURNAL_STREAM is "device:inode" of it), as sd_journal_stream_fd's callers check: a
// service whose stderr was redirected elsewhere is not logging to the journal.
func StderrIsJournal(getenv func(string) string, stderr *os.File) bool {
	want := getenv("JOURNAL_STREAM")
	if want == "" {
		return false
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(stderr.Fd()), &st); err != nil {
		return false
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino) == want
}

// Package paths locates the directories where Enrol Kiosk keeps its data and reports how
// much space they have left.
package paths

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// DataDir returns the default data directory: $XDG_DATA_HOME/enrolkiosk, else
// ~/.local/share/enrolkiosk.
func DataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "enrolkiosk"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("locate home directory for the data dir (set --data-dir): %w", err)
	}
	return filepath.Join(home, ".local", "share", "enrolkiosk"), nil
}

// EnsureDir creates dir with mode 0700 when missing and checks that it is a writable
// directory.
func EnsureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data dir %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return fmt.Errorf("data dir %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// FreeBytes returns the bytes available to this user on the filesystem holding dir.
func FreeBytes(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

//go:build !windows

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

// FreeBytes returns the bytes available to this user on the filesystem holding dir.
func FreeBytes(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

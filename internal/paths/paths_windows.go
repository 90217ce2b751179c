package paths

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// DataDir returns the default data directory: %LOCALAPPDATA%\enrolkiosk, the per-user,
// per-machine folder that roaming profiles do not copy (the queue never leaves the
// kiosk that captured it).
func DataDir() (string, error) {
	if d := os.Getenv("LOCALAPPDATA"); d != "" {
		return filepath.Join(d, "enrolkiosk"), nil
	}
	d, err := windows.KnownFolderPath(windows.FOLDERID_LocalAppData, 0)
	if err != nil {
		return "", fmt.Errorf("locate %%LOCALAPPDATA%% for the data dir (set --data-dir): %w", err)
	}
	return filepath.Join(d, "enrolkiosk"), nil
}

// FreeBytes returns the bytes available to this user (quotas included) on the volume
// holding dir.
func FreeBytes(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return avail, nil
}

package store

import (
	"errors"

	"golang.org/x/sys/windows"
)

// isDiskFull reports whether err says the volume is out of space or the user over quota:
// ERROR_DISK_FULL from a write, ERROR_HANDLE_DISK_FULL from growing a file (bbolt's
// mapping), ERROR_DISK_QUOTA_EXCEEDED.
func isDiskFull(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL) ||
		errors.Is(err, windows.ERROR_DISK_QUOTA_EXCEEDED)
}

package durable

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// Rename replaces newpath with oldpath and returns only once the rename is on disk:
// MoveFileEx with MOVEFILE_WRITE_THROUGH, the Windows stand-in for renaming and then
// flushing the directory.
func Rename(oldpath, newpath string) error {
	from, err := windows.UTF16PtrFromString(oldpath)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	to, err := windows.UTF16PtrFromString(newpath)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	if err := windows.MoveFileEx(from, to, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	return nil
}

// SyncDir checks that dir is a directory and otherwise does nothing: Windows cannot flush
// a directory (FlushFileBuffers on a directory handle is refused with "Access is
// denied"); NTFS journals its directory entries, and Rename writes a rename through.
func SyncDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("open directory %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("flush directory %s to disk: not a directory", dir)
	}
	return nil
}

//go:build !windows

package durable

import (
	"fmt"
	"os"
)

// Rename replaces newpath with oldpath; follow it with SyncDir for the rename to be on
// disk.
func Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

// SyncDir flushes a directory's entries (a rename or a new file) to disk.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("flush directory %s to disk: %w", dir, err)
	}
	return nil
}

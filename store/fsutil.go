package store

import (
	"fmt"
	"os"
)

// syncDir flushes a directory's entries (a rename or a new file) to disk. Whole-file
// writes go through internal/durable; this is for the renames the store does itself.
func syncDir(dir string) error {
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

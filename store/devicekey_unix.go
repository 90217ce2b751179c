//go:build !windows

package store

import (
	"fmt"
	"os"
)

// checkKeyFileAccess refuses a key file that others can read.
func checkKeyFileAccess(path string, fi os.FileInfo) error {
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%w: %s is readable by others (mode %v): run chmod 600 on it", ErrBadKeyFile, path, fi.Mode().Perm())
	}
	return nil
}

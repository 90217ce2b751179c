//go:build !windows

package config

import (
	"fmt"
	"os"
)

// checkOwnerOnly refuses a secret file that anyone but its owner may read.
func checkOwnerOnly(path string, fi os.FileInfo) error {
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%w: %s is readable by others (mode %v): run chmod 600 on it", ErrSecretUnavailable, path, fi.Mode().Perm())
	}
	return nil
}

//go:build !windows

package store

import (
	"os"
	"testing"
)

// checkOwnerOnly checks that the file at path has mode 0600.
func checkOwnerOnly(t *testing.T, path string) {
	t.Helper()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v %v", path, fi, err)
	}
}

package store

import (
	"os"
	"testing"
)

// checkOwnerOnly: Windows has no Unix modes (the data dir's ACL guards the file); the
// file must exist and be writable by its owner.
func checkOwnerOnly(t *testing.T, path string) {
	t.Helper()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o200 == 0 {
		t.Fatalf("%s: %v %v", path, fi, err)
	}
}

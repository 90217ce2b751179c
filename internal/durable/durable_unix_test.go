//go:build !windows

package durable

import (
	"os"
	"testing"
)

// checkMode checks that path has exactly the permissions perm.
func checkMode(t *testing.T, path string, perm os.FileMode) {
	t.Helper()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != perm {
		t.Errorf("mode of %s: %v %v, want %v", path, fi.Mode(), err, perm)
	}
}

//go:build !windows

package paths_test

import (
	"os"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/internal/paths"
)

// checkPrivateMode checks that the data dir is the owner's only (mode 0700).
func checkPrivateMode(t *testing.T, fi os.FileInfo) {
	t.Helper()
	if fi.Mode().Perm() != 0o700 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
}

func TestDataDirFollowsXDG(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/srv/data")
	if d, err := paths.DataDir(); err != nil || d != "/srv/data/enrolkiosk" {
		t.Fatalf("%q %v", d, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/agent")
	if d, err := paths.DataDir(); err != nil || d != "/home/agent/.local/share/enrolkiosk" {
		t.Fatalf("%q %v", d, err)
	}
}

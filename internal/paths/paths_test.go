package paths_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/internal/paths"
)

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

func TestEnsureDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := paths.EnsureDir(dir); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("mode %v %v", fi.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("the write probe was left behind: %v", entries)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	if err := paths.EnsureDir(filepath.Join(file, "sub")); err == nil {
		t.Fatal("a data dir below a file was accepted")
	}
	if free, err := paths.FreeBytes(dir); err != nil || free == 0 {
		t.Fatalf("FreeBytes = %d, %v", free, err)
	}
}

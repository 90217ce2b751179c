package paths_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/internal/paths"
)

func TestEnsureDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := paths.EnsureDir(dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		t.Fatalf("stat %v", err)
	}
	checkPrivateMode(t, fi)
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

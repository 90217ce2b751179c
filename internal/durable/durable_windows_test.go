package durable

import (
	"os"
	"path/filepath"
	"testing"
)

// checkMode: Windows keeps only a read-only attribute, set when perm has no owner write
// bit; the owner-only part of perm is the folder's ACL's business.
func checkMode(t *testing.T, path string, perm os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm()&0o200 != 0, perm&0o200 != 0; got != want {
		t.Errorf("mode of %s: %v, want writable=%v", path, fi.Mode(), want)
	}
}

func TestRenameWritesThroughOverAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "new"), filepath.Join(dir, "old")
	os.WriteFile(from, []byte("new"), 0o600)
	os.WriteFile(to, []byte("old"), 0o600)
	if err := Rename(from, to); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(to); err != nil || string(b) != "new" {
		t.Fatalf("after rename: %q %v", b, err)
	}
	if _, err := os.Stat(from); !os.IsNotExist(err) {
		t.Fatalf("the source is still there: %v", err)
	}
	if err := Rename(from, to); err == nil {
		t.Fatal("renaming a missing file succeeded")
	}
}

func TestSyncDirAcceptsDirectoriesOnly(t *testing.T) {
	dir := t.TempDir()
	if err := SyncDir(dir); err != nil {
		t.Fatalf("SyncDir of a directory: %v", err)
	}
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o600)
	if err := SyncDir(file); err == nil {
		t.Fatal("SyncDir of a file succeeded")
	}
	if err := SyncDir(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("SyncDir of a missing directory succeeded")
	}
}

//go:build !windows

package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestExportMakesAnExistingFolderPrivate: exporting into a 0755 folder leaves it 0700,
// since the files hold personal data in plain form.
func TestExportMakesAnExistingFolderPrivate(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	_, in := sampleEvidence(1, 4096)
	e, err := d.Seal(ctx, sampleEnrolment(), in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(out, 0o755) // whatever the umask
	if _, err := d.Export(ctx, e.ID, out); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("export folder mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
}

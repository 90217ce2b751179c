//go:build linux

package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompactOnFullDiskSaysCompact: a compaction that runs out of space says so in its
// own words (not a seal's), removes its copy and leaves the database as it was.
func TestCompactOnFullDiskSaysCompact(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "4m")
	d := openTest(t, dir, Options{MinFreeBytes: 1})
	for i := range 6 {
		_, in := sampleEvidence(uint64(i), 256<<10)
		if _, err := d.Seal(ctx, sampleEnrolment(), in); err != nil {
			t.Fatal(err)
		}
	}
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	for {
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	filler.Close()
	_, err = d.Compact(ctx, 0)
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "to compact") || strings.Contains(err.Error(), "seal") {
		t.Fatalf("compact on a full disk: %v, want ErrDiskFull in a compaction's words", err)
	}
	if _, serr := os.Stat(d.Path() + compactSuffix); !errors.Is(serr, os.ErrNotExist) {
		t.Fatalf("the compact copy was left behind: %v", serr)
	}
	os.Remove(filepath.Join(dir, "filler"))
	if rep, err := d.Verify(ctx); err != nil || !rep.OK() || rep.Enrolments != 6 {
		t.Fatalf("verify after a failed compaction: %+v %v", rep, err)
	}
}

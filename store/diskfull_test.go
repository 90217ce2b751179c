//go:build linux

package store

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// mountTmpfs mounts a tmpfs of size bytes on a temp dir, or skips the test.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("full-disk test skipped: mounting a tmpfs needs root or CAP_SYS_ADMIN (%v)", err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

func TestFullDiskRefusesSealAndKeepsEarlier(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "3m")
	d := openTest(t, dir, Options{MinFreeBytes: 1}) // let the disk itself run out
	var kept []string
	var err error
	for range 40 {
		_, in := sampleEvidence(uint64(len(kept)), 256<<10)
		var e Enrolment
		if e, err = d.Seal(ctx, sampleEnrolment(), in); err != nil {
			break
		}
		kept = append(kept, e.ID)
	}
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free some space") {
		t.Fatalf("after %d seals: err = %v, want ErrDiskFull", len(kept), err)
	}
	if len(kept) == 0 {
		t.Fatal("the disk was full before the first seal: the test proves nothing")
	}
	t.Logf("%d enrolments sealed, then: %v", len(kept), err)
	if n := d.Counts()[Queued]; n != len(kept) {
		t.Fatalf("counts say %d queued, %d were sealed", n, len(kept))
	}
	rep, verr := d.Verify(ctx)
	if verr != nil || !rep.OK() || rep.Enrolments != len(kept) {
		t.Fatalf("verify after full disk: %+v %v", rep, verr)
	}
	if err := d.MarkSending(ctx, kept[0], 0, "create"); err != nil && !errors.Is(err, ErrDiskFull) {
		t.Fatalf("a small update on a full disk failed oddly: %v", err)
	}
}

func TestLowFreeSpaceRefusesBeforeWriting(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "2m")
	d := openTest(t, dir, Options{MinFreeBytes: 4 << 20})
	before, _ := os.Stat(d.Path())
	_, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", blob(1, 1000))})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "MiB free") {
		t.Fatalf("err = %v, want ErrDiskFull naming the free space", err)
	}
	after, _ := os.Stat(d.Path())
	if after.Size() != before.Size() || d.Counts()[Queued] != 0 {
		t.Fatal("a refused seal changed the database")
	}
}

package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

func TestWindowsDiskFullErrorsAreRecognised(t *testing.T) {
	for _, errno := range []error{windows.ERROR_DISK_FULL, windows.ERROR_HANDLE_DISK_FULL, windows.ERROR_DISK_QUOTA_EXCEEDED} {
		err := classifyWriteErr(fmt.Errorf("write db: %w", &os.PathError{Op: "write", Path: "x", Err: errno}))
		if !errors.Is(err, ErrDiskFull) {
			t.Errorf("%v: %v, want ErrDiskFull", errno, err)
		}
	}
	if err := classifyWriteErr(windows.ERROR_ACCESS_DENIED); errors.Is(err, ErrDiskFull) {
		t.Errorf("access denied taken for a full disk: %v", err)
	}
}

func TestWindowsLockRefusesASecondHandle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f, err := lockDir(ctx, dir, time.Second, false)
	if err != nil {
		t.Fatal(err)
	}
	// LockFileEx locks per handle: a second open of the same file is another holder.
	if g, err := lockDir(ctx, dir, 50*time.Millisecond, false); !errors.Is(err, ErrInUse) {
		if g != nil {
			g.Close()
		}
		t.Fatalf("second lock: %v, want ErrInUse", err)
	}
	f.Close()
	g, err := lockDir(ctx, dir, time.Second, false)
	if err != nil {
		t.Fatalf("lock after the first was released: %v", err)
	}
	g.Close()
	if _, err := os.Stat(filepath.Join(dir, LockFileName)); err != nil {
		t.Fatal(err)
	}
}

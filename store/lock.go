package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// errLockHeld is tryLock's answer when another process holds the lock.
var errLockHeld = errors.New("lock held by another process")

// LockFileName is the file whose lock marks the data dir as in use.
const LockFileName = "enrolkiosk.lock"

// lockDir takes the exclusive lock on dir's lock file, waiting up to timeout; readOnly
// accepts a lock file that can only be opened for reading.
func lockDir(ctx context.Context, dir string, timeout time.Duration, readOnly bool) (*os.File, error) {
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil && readOnly {
		f, err = os.Open(path) // a read-only data dir: a shared file still takes the lock
	}
	if err != nil {
		return nil, fmt.Errorf("open lock file %s: %w", path, err)
	}
	deadline := time.Now().Add(timeout)
	for {
		err := tryLock(f)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, errLockHeld) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w: %s (close the app or the other enrolctl first)", ErrInUse, dir)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

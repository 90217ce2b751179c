// Package paths locates the directories where Enrol Kiosk keeps its data and reports how
// much space they have left.
package paths

import (
	"fmt"
	"os"
)

// EnsureDir creates dir with mode 0700 when missing and checks that it is a writable
// directory.
func EnsureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data dir %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return fmt.Errorf("data dir %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

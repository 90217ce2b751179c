//go:build !windows

package store

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// checkHoles refuses a sparse file with a hole of at least one page below end: bbolt
// writes every page below the high-water mark, so a hole there is a page that never
// arrived (a half-copied file). A file system that does not report holes passes.
func checkHoles(f *os.File, end, pageSize int64) error {
	fd := int(f.Fd())
	for off := int64(0); off < end; {
		hole, err := unix.Seek(fd, off, unix.SEEK_HOLE)
		if err != nil || hole >= end {
			return nil
		}
		data, err := unix.Seek(fd, hole, unix.SEEK_DATA)
		if err != nil { // ENXIO: no data after the hole
			data = end
		}
		if min(data, end)-hole >= pageSize {
			return fmt.Errorf("%w: bytes %d to %d of the file were never written (a sparse or half-copied file)", ErrCorrupt, hole, min(data, end))
		}
		off = data
	}
	return nil
}

package store

import (
	"errors"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// allocatedRange is FILE_ALLOCATED_RANGE_BUFFER.
type allocatedRange struct{ Offset, Length int64 }

// checkHoles refuses a sparse file with a hole of at least one page below end: bbolt
// writes every page below the high-water mark, so a hole there is a page that never
// arrived (a half-copied file). Only a file marked sparse can have holes on Windows; its
// allocated ranges come from FSCTL_QUERY_ALLOCATED_RANGES. A volume that cannot answer
// passes.
func checkHoles(f *os.File, end, pageSize int64) error {
	h := windows.Handle(f.Fd())
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil ||
		info.FileAttributes&windows.FILE_ATTRIBUTE_SPARSE_FILE == 0 {
		return nil
	}
	var out [64]allocatedRange
	for off := int64(0); off < end; {
		in := allocatedRange{Offset: off, Length: end - off}
		var n uint32
		err := windows.DeviceIoControl(h, windows.FSCTL_QUERY_ALLOCATED_RANGES,
			(*byte)(unsafe.Pointer(&in)), uint32(unsafe.Sizeof(in)),
			(*byte)(unsafe.Pointer(&out[0])), uint32(unsafe.Sizeof(out)), &n, nil)
		more := errors.Is(err, windows.ERROR_MORE_DATA)
		if err != nil && !more {
			return nil
		}
		ranges := out[:n/uint32(unsafe.Sizeof(out[0]))]
		if len(ranges) == 0 {
			return holeErr(off, end, end, pageSize)
		}
		for _, r := range ranges {
			if err := holeErr(off, r.Offset, end, pageSize); err != nil {
				return err
			}
			off = r.Offset + r.Length
		}
		if !more {
			return holeErr(off, end, end, pageSize)
		}
	}
	return nil
}

// holeErr is the ErrCorrupt for the unwritten bytes [from, to) below end when they span
// at least a page, else nil.
func holeErr(from, to, end, pageSize int64) error {
	to = min(to, end)
	if to-from < pageSize {
		return nil
	}
	return fmt.Errorf("%w: bytes %d to %d of the file were never written (a sparse or half-copied file)", ErrCorrupt, from, to)
}

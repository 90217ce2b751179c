//go:build linux

package stu

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hidiocFeature is _IOC(_IOC_WRITE|_IOC_READ, 'H', nr, n): nr 0x06 sets a feature
// report, 0x07 gets one (linux/hidraw.h).
func hidiocFeature(nr uintptr, n int) uintptr { return 3<<30 | uintptr(n)<<16 | 'H'<<8 | nr }

// hidraw is an open /dev/hidrawN node.
type hidraw struct{ f *os.File }

var _ Conn = (*hidraw)(nil)

func openHidraw(path string) (*hidraw, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	return &hidraw{f: f}, nil
}

func (h *hidraw) control(fn func(fd int) error) error {
	rc, err := h.f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

func (h *hidraw) feature(nr uintptr, b []byte) (int, error) {
	var n int
	err := h.control(func(fd int) error {
		r, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), hidiocFeature(nr, len(b)), uintptr(unsafe.Pointer(&b[0])))
		if errno != 0 {
			return errno
		}
		n = int(r)
		return nil
	})
	return n, err
}

// SetFeature sends feature report b (b[0] is its id).
func (h *hidraw) SetFeature(b []byte) error {
	if _, err := h.feature(0x06, b); err != nil {
		return fmt.Errorf("set feature report %#02x: %w", b[0], err)
	}
	return nil
}

// GetFeature reads feature report b[0] into b and returns its length.
func (h *hidraw) GetFeature(b []byte) (int, error) {
	n, err := h.feature(0x07, b)
	if err != nil {
		return 0, fmt.Errorf("get feature report %#02x: %w", b[0], err)
	}
	return n, nil
}

// ReadReport reads the next input report; hidraw gives one report per read.
func (h *hidraw) ReadReport(b []byte) (int, error) { return h.f.Read(b) }

// Close closes the node, ending a blocked ReadReport.
func (h *hidraw) Close() error { return h.f.Close() }

// rawInfo reads the bus, vendor and product ids and the HID name and uniq (serial).
func (h *hidraw) rawInfo() (vendor, product uint16, name, uniq string, err error) {
	err = h.control(func(fd int) error {
		info, err := unix.IoctlHIDGetRawInfo(fd)
		if err != nil {
			return fmt.Errorf("HIDIOCGRAWINFO: %w (is this a hidraw node?)", err)
		}
		vendor, product = uint16(info.Vendor), uint16(info.Product)
		name, _ = unix.IoctlHIDGetRawName(fd)
		uniq, _ = unix.IoctlHIDGetRawUniq(fd)
		return nil
	})
	return vendor, product, name, uniq, err
}

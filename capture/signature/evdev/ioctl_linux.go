//go:build linux

package evdev

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

// ioctl request numbers: _IOR('E', 0x40+abs, struct input_absinfo) and
// _IOC(_IOC_READ, 'E', 0x06, len) for the name.
func eviocgabs(code uint16) uintptr { return 2<<30 | 24<<16 | 'E'<<8 | uintptr(0x40+code) }
func eviocgname(n int) uintptr      { return 2<<30 | uintptr(n)<<16 | 'E'<<8 | 0x06 }

func ioctl(f *os.File, req uintptr, buf []byte) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(unsafe.Pointer(&buf[0])))
	}); err != nil {
		return err
	}
	if errno != 0 {
		return errno
	}
	return nil
}

func absInfo(f *os.File, code uint16) (AbsInfo, error) {
	buf := make([]byte, 24) // value, minimum, maximum, fuzz, flat, resolution
	if err := ioctl(f, eviocgabs(code), buf); err != nil {
		return AbsInfo{}, fmt.Errorf("read range of axis %#x: %w", code, err)
	}
	le := binary.LittleEndian
	return AbsInfo{Min: int32(le.Uint32(buf[4:])), Max: int32(le.Uint32(buf[8:])), Resolution: int32(le.Uint32(buf[20:]))}, nil
}

func deviceName(f *os.File) (string, error) {
	buf := make([]byte, 256)
	if err := ioctl(f, eviocgname(len(buf)), buf); err != nil {
		return "", err
	}
	return string(bytes.TrimRight(buf, "\x00")), nil
}

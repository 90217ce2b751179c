//go:build linux

package evdev

import (
	"fmt"
	"os"
	"syscall"
)

// eviocgrab is _IOW('E', 0x90, int): with 1 this reader becomes the only receiver of the
// device's events (the pen no longer moves the system pointer or clicks elsewhere), with
// 0 it lets go.
const eviocgrab = 1<<30 | 4<<16 | 'E'<<8 | 0x90

// grab takes the device for this reader alone (on true) or gives it back (on false).
func grab(f *os.File, on bool) error {
	arg := uintptr(0)
	if on {
		arg = 1
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, eviocgrab, arg)
	}); err != nil {
		return err
	}
	if errno != 0 {
		return fmt.Errorf("EVIOCGRAB: %w", errno)
	}
	return nil
}

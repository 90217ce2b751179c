//go:build linux

package stu

import (
	"errors"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestIoctlNumbers checks the feature report requests against linux/hidraw.h:
// HIDIOCSFEATURE(len) = _IOC(_IOC_WRITE|_IOC_READ, 'H', 0x06, len), HIDIOCGFEATURE 0x07.
// The same _IOC layout gives x/sys/unix's HIDIOCGRAWINFO (_IOR('H', 0x03, 8)).
func TestIoctlNumbers(t *testing.T) {
	if got := hidiocFeature(0x06, 9); got != 0xc0094806 {
		t.Errorf("HIDIOCSFEATURE(9) = %#x", got)
	}
	if got := hidiocFeature(0x07, 64); got != 0xc0404807 {
		t.Errorf("HIDIOCGFEATURE(64) = %#x", got)
	}
	if rawinfo := uintptr(2<<30 | 8<<16 | 'H'<<8 | 0x03); rawinfo != unix.HIDIOCGRAWINFO {
		t.Errorf("the _IOC layout gives %#x for HIDIOCGRAWINFO, x/sys/unix %#x", rawinfo, unix.HIDIOCGRAWINFO)
	}
}

// TestOpenNotAPad opens nodes that are not STU pads: each fails with a reason.
func TestOpenNotAPad(t *testing.T) {
	if _, err := Open(t.Context(), os.DevNull); err == nil {
		t.Fatal("/dev/null opened as a signature pad")
	}
	_, err := Open(t.Context(), "/dev/hidraw-missing")
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a missing node: %v", err)
	}
}

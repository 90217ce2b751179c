//go:build !linux

package evdev

import "os"

// grab does nothing where there is no evdev.
func grab(*os.File, bool) error { return errNotLinux }

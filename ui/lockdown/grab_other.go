//go:build !cgo || wayland || !(linux || freebsd || openbsd || netbsd)

package lockdown

import "errors"

// grabX11 has nothing to grab without X11.
func grabX11(uintptr) error { return errors.New("no X11 here") }

// ungrabX11 has nothing to let go.
func ungrabX11() {}

//go:build cgo && !wayland && (linux || freebsd || openbsd || netbsd)

package lockdown

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

// grab takes the keyboard and the pointer for win on dpy, GLFW's own connection, with
// owner events on: the app's window still receives its events, no other client (the
// window manager included) does. It returns the keyboard's status, and the pointer's
// shifted by 8 (GrabSuccess is 0).
static int ek_grab(void *dpy, unsigned long win) {
	Display *d = (Display *)dpy;
	int k = XGrabKeyboard(d, (Window)win, True, GrabModeAsync, GrabModeAsync, CurrentTime);
	int p = XGrabPointer(d, (Window)win, True, ButtonPressMask | ButtonReleaseMask | PointerMotionMask,
		GrabModeAsync, GrabModeAsync, (Window)win, None, CurrentTime);
	if (k != GrabSuccess) XUngrabKeyboard(d, CurrentTime);
	if (p != GrabSuccess) XUngrabPointer(d, CurrentTime);
	XFlush(d);
	return k | (p << 8);
}

static void ek_ungrab(void *dpy) {
	Display *d = (Display *)dpy;
	XUngrabKeyboard(d, CurrentTime);
	XUngrabPointer(d, CurrentTime);
	XFlush(d);
}
*/
import "C"

import (
	"fmt"
	"unsafe"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// grabX11 grabs the keyboard and the pointer for the X window win.
func grabX11(win uintptr) error {
	dpy := unsafe.Pointer(glfw.GetX11Display())
	if dpy == nil {
		return fmt.Errorf("no X display")
	}
	r := int(C.ek_grab(dpy, C.ulong(win)))
	if k, p := r&0xff, r>>8; k != 0 || p != 0 {
		return fmt.Errorf("keyboard %s, pointer %s", status(k), status(p))
	}
	return nil
}

// ungrabX11 lets the keyboard and the pointer go.
func ungrabX11() {
	if dpy := unsafe.Pointer(glfw.GetX11Display()); dpy != nil {
		C.ek_ungrab(dpy)
	}
}

// status names an answer of XGrabKeyboard or XGrabPointer.
func status(s int) string {
	switch s {
	case 0:
		return "grabbed"
	case 1:
		return "already grabbed"
	case 2:
		return "invalid time"
	case 3:
		return "not viewable"
	case 4:
		return "frozen"
	}
	return fmt.Sprint("status ", s)
}

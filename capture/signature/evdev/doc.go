// Package evdev reads pen tablets on Linux straight from their kernel input devices
// (/dev/input/eventN), in pure Go: it finds tablets among the input devices, reads the
// ranges of ABS_X/Y, ABS_PRESSURE and ABS_TILT_X/Y, and turns every report (SYN_REPORT)
// into a sample, with BTN_TOUCH as pen down and BTN_TOOL_PEN as in proximity. Times are
// the kernel's event times, so samples keep the device's own rate (200 Hz and more).
//
// The stream parser (Decoder) is portable and tested with recorded byte streams; opening
// a device needs Linux and read access to it (usually the "input" group).
package evdev

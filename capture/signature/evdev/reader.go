package evdev

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// ErrNoTablet means no pen tablet was found among the input devices.
var ErrNoTablet = errors.New("no pen tablet found among /dev/input/event* (is it plugged in, and is this user in the \"input\" group?)")

// AbsInfo is the range of one absolute axis (struct input_absinfo).
type AbsInfo struct {
	Min, Max int32
	// Resolution is units per millimetre for X and Y, units per radian for tilt.
	Resolution int32
}

// Reader streams samples from one tablet device.
type Reader struct {
	path string
	dev  signature.Device
}

// Open reads the name and axis ranges of the tablet at path. path "" picks the first
// tablet Find reports under /sys.
func Open(ctx context.Context, path string) (*Reader, error) {
	name := ""
	if path == "" {
		cs, err := Find(ctx, "/sys")
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			return nil, ErrNoTablet
		}
		path, name = cs[0].Path, cs[0].Name
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open pen tablet %s: %w (is this user in the \"input\" group?)", path, err)
	}
	defer f.Close()
	axes := map[uint16]AbsInfo{}
	for _, code := range []uint16{absX, absY, absPressure, absTiltX, absTiltY} {
		if info, err := absInfo(f, code); err == nil {
			axes[code] = info
		}
	}
	if n, err := deviceName(f); err == nil {
		name = n
	}
	dev, err := DeviceFor(name, axes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &Reader{path: path, dev: dev}, nil
}

// DeviceFor describes a tablet from its axis ranges. X and Y are required.
func DeviceFor(name string, axes map[uint16]AbsInfo) (signature.Device, error) {
	x, okX := axes[absX]
	y, okY := axes[absY]
	if !okX || !okY || x.Max <= x.Min || y.Max <= y.Min {
		return signature.Device{}, fmt.Errorf("device %q has no usable X/Y axes: not a pen tablet", name)
	}
	d := signature.Device{Kind: signature.KindTablet, Name: name,
		XMin: x.Min, XMax: x.Max, YMin: y.Min, YMax: y.Max, Resolution: float64(x.Resolution)}
	if p, ok := axes[absPressure]; ok && p.Max > 0 {
		d.HasPressure, d.PressureMax = true, p.Max
	}
	if t, ok := axes[absTiltX]; ok && t.Max > t.Min {
		d.HasTilt, d.TiltMin, d.TiltMax = true, t.Min, t.Max
	}
	return d, nil
}

// Device describes the tablet.
func (r *Reader) Device() signature.Device { return r.dev }

// Path is the device node being read.
func (r *Reader) Path() string { return r.path }

// Stream reads the tablet and calls emit for every sample until ctx ends (it then
// returns ctx.Err()) or the device goes away. While it streams, the device is grabbed
// (EVIOCGRAB): its events reach this reader only, so the pen does not also move the
// system pointer or click outside the pad; the grab ends with the stream. A device that
// cannot be grabbed (another program holds it) is not read.
func (r *Reader) Stream(ctx context.Context, emit func(signature.Sample)) error {
	f, err := os.Open(r.path)
	if err != nil {
		return fmt.Errorf("open pen tablet %s: %w", r.path, err)
	}
	if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		if err := grab(f, true); err != nil {
			f.Close()
			return fmt.Errorf("take pen tablet %s for the signature: %w (does another program hold it?)", r.path, err)
		}
		defer grab(f, false) // before the close below; closing the device also ends a grab
	}
	stop := context.AfterFunc(ctx, func() { f.Close() })
	defer stop()
	err = Decode(f, &Decoder{}, emit)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	f.Close()
	if err != nil {
		return fmt.Errorf("pen tablet %s: %w", r.path, err)
	}
	return fmt.Errorf("pen tablet %s: the device went away (unplugged?)", r.path)
}

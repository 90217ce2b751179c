package camera

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pion/mediadevices/pkg/driver"
	_ "github.com/pion/mediadevices/pkg/driver/camera"    // registers V4L2 cameras (Linux)
	_ "github.com/pion/mediadevices/pkg/driver/videotest" // registers the "VideoTest" pattern
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// device is what a Camera reads from: a mediadevices driver, a file source or a fake.
type device interface {
	label() string
	// choose picks the size and rate to open at for a request (zero: the best).
	choose(want Size, rate float32) (Size, float32, error)
	open(size Size, rate float32) (video.Reader, error)
	close() error
}

// videoTestLabel is the label mediadevices' videotest driver registers.
const videoTestLabel = "VideoTest"

// minUsableRate is the frame rate below which a mode is only chosen when nothing faster
// exists (uncompressed full-resolution modes of USB cameras run at 2-5 fps).
const minUsableRate = 15

// driverDevice adapts a mediadevices driver.
type driverDevice struct {
	d         driver.Driver
	synthetic bool // any size can be asked for (videotest)
	props     []prop.Media
	opened    bool
}

var _ device = (*driverDevice)(nil)

// displayLabel turns a driver's info into the label shown and remembered: the device's
// name where the driver knows it, with its node to tell twins apart.
func displayLabel(info driver.Info) string {
	name, _, _ := strings.Cut(info.Name, ";")
	_, node, _ := strings.Cut(info.Label, ";")
	switch {
	case name != "" && node != "":
		return name + " (" + node + ")"
	case name != "":
		return name
	}
	return info.Label
}

func (d *driverDevice) label() string { return displayLabel(d.d.Info()) }

func (d *driverDevice) choose(want Size, rate float32) (Size, float32, error) {
	if !d.opened {
		if err := d.d.Open(); err != nil {
			return Size{}, 0, fmt.Errorf("%w: %q: %v (close the other program using it)", ErrBusy, d.label(), err)
		}
		d.opened = true
		d.props = d.d.Properties()
	}
	if len(d.props) == 0 {
		return Size{}, 0, fmt.Errorf("%w: %q reports no video modes", ErrNoCamera, d.label())
	}
	p := bestMode(d.props, want)
	size := Size{p.Width, p.Height}
	if d.synthetic && want.Area() > 0 {
		size = want
	}
	if rate <= 0 {
		rate = p.FrameRate
	}
	if rate <= 0 {
		rate = 30
	}
	return size, rate, nil
}

// bestMode picks the mode matching want exactly, else the closest in area; with no wish,
// the largest mode at a usable frame rate (or the largest of all if none is usable).
func bestMode(props []prop.Media, want Size) prop.Video {
	modes := make([]prop.Video, len(props))
	for i, p := range props {
		modes[i] = p.Video
	}
	sort.SliceStable(modes, func(i, j int) bool {
		ai, aj := modes[i].Width*modes[i].Height, modes[j].Width*modes[j].Height
		if ai != aj {
			return ai > aj
		}
		return modes[i].FrameRate > modes[j].FrameRate
	})
	if want.Area() > 0 {
		best := modes[0]
		for _, m := range modes {
			if m.Width == want.Width && m.Height == want.Height {
				return m
			}
			if absInt(m.Width*m.Height-want.Area()) < absInt(best.Width*best.Height-want.Area()) {
				best = m
			}
		}
		return best
	}
	for _, m := range modes {
		if m.FrameRate == 0 || m.FrameRate >= minUsableRate {
			return m
		}
	}
	return modes[0]
}

func (d *driverDevice) open(size Size, rate float32) (video.Reader, error) {
	var format prop.Video
	for _, p := range d.props {
		if p.Width == size.Width && p.Height == size.Height {
			format = p.Video
			break
		}
	}
	r, err := d.d.(driver.VideoRecorder).VideoRecord(prop.Media{Video: prop.Video{
		Width: size.Width, Height: size.Height, FrameRate: rate, FrameFormat: format.FrameFormat,
	}})
	if err != nil {
		d.opened = false // the driver closes itself when it cannot start
		return nil, fmt.Errorf("start camera %q at %s: %w", d.label(), size, err)
	}
	return r, nil
}

func (d *driverDevice) close() error {
	if !d.opened {
		return nil
	}
	d.opened = false
	return d.d.Close()
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

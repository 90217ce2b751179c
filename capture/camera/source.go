package camera

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/pion/mediadevices/pkg/driver"
)

// Kind tells real cameras from the stand-ins.
type Kind string

// Camera kinds.
const (
	KindDevice    Kind = "device"    // a real camera
	KindVideoTest Kind = "videotest" // mediadevices' synthetic pattern
	KindFile      Kind = "file"      // images from disk
)

// Info describes a camera that Open can use.
type Info struct {
	// Label is stable across runs: remember this one, not a device id.
	Label string `json:"label"`
	Kind  Kind   `json:"kind"`
}

// Sources accepted by Open; they match config.Camera.Source.
const (
	SourceAuto      = "auto"
	SourceVideoTest = "videotest"
	SourceFile      = "file:" // followed by a path
)

// List returns the cameras connected now, real ones first, then the test pattern, each
// group sorted by label. It never blocks on a device: it reads the driver table only.
func List(ctx context.Context) ([]Info, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Info
	for _, d := range videoDrivers() {
		kind := KindDevice
		if d.Info().Label == videoTestLabel {
			kind = KindVideoTest
		}
		out = append(out, Info{Label: displayLabel(d.Info()), Kind: kind})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Kind == KindDevice) != (out[j].Kind == KindDevice) {
			return out[i].Kind == KindDevice
		}
		return out[i].Label < out[j].Label
	})
	return out, nil
}

// Open opens the camera a configuration names. source is "auto" (a real camera: the one
// labelled label, or the first found when label is empty), "videotest" (the synthetic
// pattern) or "file:/path" (a folder of images or one image). With "auto" and no camera
// connected it fails at once with ErrNoCamera; it never waits for one to appear.
func Open(ctx context.Context, source, label string, opts Options) (*Camera, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch {
	case source == SourceAuto || source == "":
		d, err := findDevice(label)
		if err != nil {
			return nil, err
		}
		return start(ctx, d, opts)
	case source == SourceVideoTest:
		d, err := findVideoTest()
		if err != nil {
			return nil, err
		}
		return start(ctx, d, opts)
	case strings.HasPrefix(source, SourceFile) && len(source) > len(SourceFile):
		d, err := newFileDevice(ctx, strings.TrimPrefix(source, SourceFile), opts)
		if err != nil {
			return nil, err
		}
		return start(ctx, d, opts)
	}
	return nil, fmt.Errorf("%w: %q: use \"auto\", \"videotest\" or \"file:/path\"", ErrBadSource, source)
}

// videoDrivers lists the registered video drivers (cameras and the test pattern).
func videoDrivers() []driver.Driver {
	return driver.GetManager().Query(driver.FilterAnd(driver.FilterVideoRecorder(), driver.FilterDeviceType(driver.Camera)))
}

func findDevice(label string) (device, error) {
	var real []driver.Driver
	for _, d := range videoDrivers() {
		if d.Info().Label != videoTestLabel {
			real = append(real, d)
		}
	}
	if len(real) == 0 {
		return nil, fmt.Errorf("%w: no camera is connected (connect one, or set camera.source = \"videotest\" or \"file:/path\" to run without)", ErrNoCamera)
	}
	sort.Slice(real, func(i, j int) bool {
		pi, pj := real[i].Info().Priority, real[j].Info().Priority
		if pi != pj {
			return pi > pj
		}
		return displayLabel(real[i].Info()) < displayLabel(real[j].Info())
	})
	if label == "" {
		return &driverDevice{d: real[0]}, nil
	}
	var labels []string
	for _, d := range real {
		l := displayLabel(d.Info())
		if l == label || d.Info().Label == label {
			return &driverDevice{d: d}, nil
		}
		labels = append(labels, l)
	}
	return nil, fmt.Errorf("%w: no camera labelled %q is connected (connected: %s; choose one in Settings)",
		ErrNoCamera, label, strings.Join(labels, ", "))
}

func findVideoTest() (device, error) {
	for _, d := range videoDrivers() {
		if d.Info().Label == videoTestLabel {
			return &driverDevice{d: d, synthetic: true}, nil
		}
	}
	return nil, fmt.Errorf("%w: the videotest pattern is not registered", ErrNoCamera)
}

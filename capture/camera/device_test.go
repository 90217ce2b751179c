package camera

import (
	"testing"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/prop"
)

func TestBestMode(t *testing.T) {
	mode := func(w, h int, fps float32) prop.Media {
		return prop.Media{Video: prop.Video{Width: w, Height: h, FrameRate: fps}}
	}
	usb := []prop.Media{mode(640, 480, 30), mode(1920, 1080, 5), mode(1280, 720, 30), mode(1280, 720, 10)}
	cases := []struct {
		name  string
		props []prop.Media
		want  Size
		got   Size
		rate  float32
	}{
		{"largest usable", usb, Size{}, Size{1280, 720}, 30},
		{"exact request", usb, Size{640, 480}, Size{640, 480}, 30},
		{"closest request", usb, Size{1600, 1000}, Size{1920, 1080}, 5},
		{"only slow modes", []prop.Media{mode(320, 240, 5), mode(2592, 1944, 2)}, Size{}, Size{2592, 1944}, 2},
		{"unknown rate", []prop.Media{mode(800, 600, 0), mode(640, 480, 30)}, Size{}, Size{800, 600}, 0},
	}
	for _, c := range cases {
		m := bestMode(c.props, c.want)
		if (Size{m.Width, m.Height}) != c.got || m.FrameRate != c.rate {
			t.Errorf("%s: got %dx%d@%v, want %v@%v", c.name, m.Width, m.Height, m.FrameRate, c.got, c.rate)
		}
	}
}

func TestDisplayLabel(t *testing.T) {
	cases := map[driver.Info]string{
		{Label: "usb-Logitech_C270-video-index0;video0", Name: "HD Webcam C270;usb-0000:00:14.0-1"}: "HD Webcam C270 (video0)",
		{Label: "VideoTest"}:                      "VideoTest",
		{Label: "video2;video2", Name: "Cam;bus"}: "Cam (video2)",
		{Label: "x", Name: "Only Name"}:           "Only Name",
	}
	for in, want := range cases {
		if got := displayLabel(in); got != want {
			t.Errorf("displayLabel(%+v) = %q, want %q", in, got, want)
		}
	}
}

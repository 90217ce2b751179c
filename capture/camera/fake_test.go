package camera

import (
	"image"

	"github.com/pion/mediadevices/pkg/io/video"
)

// fakeDevice is a device whose behaviour each test sets through function fields.
type fakeDevice struct {
	readFn  func() (image.Image, func(), error)
	closeFn func() error
	size    Size
}

var _ device = (*fakeDevice)(nil)

func (f *fakeDevice) label() string { return "Fake" }
func (f *fakeDevice) choose(Size, float32) (Size, float32, error) {
	return f.size, 30, nil
}
func (f *fakeDevice) open(Size, float32) (video.Reader, error) {
	return video.ReaderFunc(f.readFn), nil
}
func (f *fakeDevice) close() error {
	if f.closeFn != nil {
		return f.closeFn()
	}
	return nil
}

// gray returns a w x h YCbCr frame whose luma is v everywhere.
func gray(w, h int, v uint8) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = v
	}
	return img
}

package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // decoders for file-backed cameras
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/disintegration/imaging"
	"github.com/pion/mediadevices/pkg/io/video"
)

// File camera limits: it is a demo and test aid, not an image importer.
const (
	maxFileFrames   = 300
	maxFilePixels   = 40_000_000
	defaultFileRate = 15
)

// isFrameImage reports whether a file name looks like an image the file camera plays.
func isFrameImage(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// fileDevice plays a folder of images (in name order, looping), one image, or a WebM/VP8
// clip (looping, at its own size) as a camera.
type fileDevice struct {
	name   string
	frames []*image.YCbCr
	clip   *vp8Clip
	player *player // decoding the clip while open
	done   chan struct{}
}

var _ device = (*fileDevice)(nil)

// newFileDevice loads the images at path, scaled to opts.Size (or the first image's).
func newFileDevice(ctx context.Context, path string, opts Options) (*fileDevice, error) {
	if strings.EqualFold(filepath.Ext(path), ".webm") {
		clip, err := readWebM(path)
		if err != nil {
			return nil, err
		}
		return &fileDevice{name: filepath.Base(path), clip: clip}, nil
	}
	files, err := imageFiles(path)
	if err != nil {
		return nil, err
	}
	d := &fileDevice{name: filepath.Base(path)}
	size := opts.Size
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		img, err := loadImage(f)
		if err != nil {
			return nil, err
		}
		if size.Area() == 0 {
			b := img.Bounds()
			size = Size{b.Dx() &^ 1, b.Dy() &^ 1}
		}
		d.frames = append(d.frames, toI420(imaging.Fill(img, size.Width, size.Height, imaging.Center, imaging.Linear)))
	}
	return d, nil
}

// imageFiles lists the images of a folder, or the one file path names.
func imageFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v (camera.source = \"file:/path\" needs an image or a folder of them)", ErrBadSource, err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("%w: read folder %s: %v", ErrBadSource, path, err)
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && isFrameImage(e.Name()) {
			out = append(out, filepath.Join(path, e.Name()))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: folder %s has no .jpg or .png images", ErrBadSource, path)
	}
	if len(out) > maxFileFrames {
		out = out[:maxFileFrames]
	}
	return out, nil
}

// loadImage decodes one image, refusing huge ones before decoding.
func loadImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSource, err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a JPEG or PNG image: %v", ErrBadSource, path, err)
	}
	if cfg.Width*cfg.Height > maxFilePixels || cfg.Width < 2 || cfg.Height < 2 {
		return nil, fmt.Errorf("%w: %s is %dx%d; use images between 2x2 and 40 megapixels", ErrBadSource, path, cfg.Width, cfg.Height)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSource, err)
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%w: decode %s: %v", ErrBadSource, path, err)
	}
	return img, nil
}

func (d *fileDevice) label() string { return "File: " + d.name }

func (d *fileDevice) choose(_ Size, rate float32) (Size, float32, error) {
	if rate <= 0 {
		rate = defaultFileRate
	}
	if d.clip != nil {
		return d.clip.size, rate, nil
	}
	b := d.frames[0].Rect
	return Size{b.Dx(), b.Dy()}, rate, nil
}

func (d *fileDevice) open(_ Size, rate float32) (video.Reader, error) {
	d.done = make(chan struct{})
	done := d.done
	tick := time.NewTicker(time.Duration(float64(time.Second) / float64(rate)))
	next := d.imageFrames()
	if d.clip != nil {
		d.player = &player{clip: d.clip}
		next = d.player.frame
	}
	return video.ReaderFunc(func() (image.Image, func(), error) {
		select {
		case <-done:
			tick.Stop()
			return nil, func() {}, errors.New("file camera closed")
		case <-tick.C:
		}
		img, err := next()
		return img, func() {}, err
	}), nil
}

// imageFrames returns a function giving the loaded images in a loop.
func (d *fileDevice) imageFrames() func() (image.Image, error) {
	i := 0
	return func() (image.Image, error) {
		img := d.frames[i%len(d.frames)]
		i++
		return img, nil
	}
}

func (d *fileDevice) close() error {
	if d.done != nil {
		close(d.done)
		d.done = nil
	}
	if d.player != nil {
		d.player.close() // the reader is done with it: Camera.Close waits for the read
		d.player = nil
	}
	return nil
}

// toI420 converts an NRGBA image of even size to 4:2:0 YCbCr, the layout cameras and the
// VP8 encoder use.
func toI420(src *image.NRGBA) *image.YCbCr {
	b := src.Rect
	dst := image.NewYCbCr(image.Rect(0, 0, b.Dx(), b.Dy()), image.YCbCrSubsampleRatio420)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			i := src.PixOffset(b.Min.X+x, b.Min.Y+y)
			yy, cb, cr := color.RGBToYCbCr(src.Pix[i], src.Pix[i+1], src.Pix[i+2])
			dst.Y[dst.YOffset(x, y)] = yy
			if x%2 == 0 && y%2 == 0 {
				c := dst.COffset(x, y)
				dst.Cb[c], dst.Cr[c] = cb, cr
			}
		}
	}
	return dst
}

package document

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders used through image.Decode
	_ "image/png"
	"io"
	"io/fs"
	"strings"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// decoded is an input image, upright, with what was learnt while decoding it.
type decoded struct {
	img         image.Image
	format      Format
	orientation Orientation
}

// readLimited reads all of r, refusing more than limit bytes. A file or an in-memory
// reader says its size, and the buffer is allocated once at that size: a 12 MP photo is
// not copied through growing buffers.
func readLimited(ctx context.Context, r io.Reader, limit int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if n := sizeHint(r); n > 0 && n <= limit {
		buf.Grow(int(n) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, fmt.Errorf("read the image: %w", err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("%w: the file is over %d MB (choose a smaller scan or photo)", ErrTooLarge, limit>>20)
	}
	return buf.Bytes(), nil
}

// sizeHint is how many bytes r holds when it can tell (an *os.File, a *bytes.Reader), or 0.
func sizeHint(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return 0
}

// check names the format and reads the dimensions from the header, refusing
// decompression bombs before any pixel is decoded.
func check(data []byte, maxPixels int) (Format, image.Config, error) {
	format, err := sniff(data)
	if err != nil {
		return "", image.Config{}, err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", image.Config{}, classifyDecodeError(format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return "", image.Config{}, fmt.Errorf("%w: %s header says %dx%d pixels", ErrCorrupt, format, cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > int64(maxPixels) {
		return "", image.Config{}, fmt.Errorf("%w: %dx%d is %d megapixels, over the limit of %d (scan at a lower resolution, 300-600 dpi is plenty)",
			ErrTooLarge, cfg.Width, cfg.Height, px/1_000_000, maxPixels/1_000_000)
	}
	return format, cfg, nil
}

// decode decodes the pixels of data, already checked, with Go's decoders and turns them
// upright.
func decode(ctx context.Context, data []byte, format Format) (decoded, error) {
	if err := ctx.Err(); err != nil {
		return decoded{}, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return decoded{}, classifyDecodeError(format, err)
	}
	d := decoded{img: img, format: format}
	if format == FormatJPEG {
		d.orientation = jpegOrientation(data)
		d.img = upright(img, d.orientation)
	}
	return d, nil
}

// classifyDecodeError maps a decoder's error to one of the package's sentinels.
func classifyDecodeError(f Format, err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), strings.Contains(msg, "unexpected EOF"),
		strings.Contains(msg, "short"):
		return fmt.Errorf("%w: %s data ends early (copy the file again, or rescan)", ErrTruncated, f)
	case strings.Contains(msg, "unsupported"):
		return fmt.Errorf("%w: %s variant: %v (re-save it as a baseline JPEG or PNG)", ErrUnsupportedFormat, f, err)
	default:
		return fmt.Errorf("%w: %s: %v (rescan or take the photo again)", ErrCorrupt, f, err)
	}
}

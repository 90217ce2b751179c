package document

import (
	"bytes"
	"context"
	"image"
)

// Preview decodes an image for display at about longEdge pixels: a JPEG is decoded by
// libjpeg-turbo at the smallest DCT scale that keeps at least longEdge (a 2000 px
// document shown at 400 px is decoded at 1/4, a sixteenth of the work and memory) and
// turned upright; other formats, and JPEGs libjpeg-turbo refuses, are decoded whole. The
// header is checked first: images over the default pixel limit are refused with
// ErrTooLarge before decoding.
func Preview(data []byte, longEdge int) (image.Image, error) {
	format, cfg, err := check(data, DefaultOptions().MaxPixels)
	if err != nil {
		return nil, err
	}
	if format == FormatJPEG {
		if src, err := newJPEGSource(data, cfg.Width, cfg.Height); err == nil {
			full := src.size()
			sc := scaleFor(max(full.X, full.Y), longEdge)
			if img, err := src.decode(context.Background(), sc, scaleRect(image.Rectangle{Max: full}, sc, full)); err == nil {
				return img, nil
			}
		}
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, classifyDecodeError(format, err)
	}
	if format == FormatJPEG {
		img = upright(img, jpegOrientation(data))
	}
	return img, nil
}

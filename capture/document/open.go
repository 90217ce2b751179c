package document

import (
	"context"
	"image"
	"io"
)

// Decode reads one photo or scan of a document from r with the same refusals as
// Process (size limits, formats, truncation, decompression bombs) and returns it
// upright (EXIF orientation applied), for the readers that need the pixels themselves
// (the MRZ reader).
func Decode(ctx context.Context, r io.Reader, opts Options) (image.Image, Format, error) {
	if err := opts.validate(); err != nil {
		return nil, "", err
	}
	data, err := readLimited(ctx, r, opts.MaxFileBytes)
	if err != nil {
		return nil, "", err
	}
	format, _, err := check(data, opts.MaxPixels)
	if err != nil {
		return nil, "", err
	}
	d, err := decode(ctx, data, format)
	if err != nil {
		return nil, "", err
	}
	return d.img, d.format, nil
}

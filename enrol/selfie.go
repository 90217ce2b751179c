package enrol

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // imported selfies may be PNG

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// Selfie processing: the still is scaled to fit selfieLongEdge and encoded at
// selfieQuality. It is not cropped or judged like an ID document.
const (
	selfieLongEdge = 1280
	selfieQuality  = 88
)

// SelfieJPEG scales a selfie still to at most 1280 px on its long edge and encodes it as
// a JPEG: what the wizard does with a camera still.
func SelfieJPEG(ctx context.Context, img image.Image) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := img.Bounds()
	if b.Dx() > selfieLongEdge || b.Dy() > selfieLongEdge {
		img = imaging.Fit(img, selfieLongEdge, selfieLongEdge, imaging.Lanczos)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: selfieQuality}); err != nil {
		return nil, fmt.Errorf("encode the selfie: %w", err)
	}
	return buf.Bytes(), nil
}

// DecodeSelfie decodes an imported selfie photo (JPEG or PNG), refusing one of more than
// maxPixels (0: capture/document's default) before decoding it, and processes it as
// SelfieJPEG does a camera still.
func DecodeSelfie(ctx context.Context, data []byte, maxPixels int) ([]byte, error) {
	if maxPixels <= 0 {
		maxPixels = document.DefaultOptions().MaxPixels
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: the selfie is not a JPEG or PNG picture (%v)", document.ErrCorrupt, err)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > int64(maxPixels) {
		return nil, fmt.Errorf("%w: the selfie is %dx%d pixels, over the limit of %d megapixels", document.ErrTooLarge,
			cfg.Width, cfg.Height, maxPixels/1_000_000)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: the selfie does not decode (%v)", document.ErrCorrupt, err)
	}
	return SelfieJPEG(ctx, img)
}

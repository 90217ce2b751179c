package biodata

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/draw"
	"image/png"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/ink"
)

// Backgrounds of the signature image.
const (
	BackgroundTransparent = "transparent"
	BackgroundWhite       = "white"
)

// ImageOptions configure SignatureImage.
type ImageOptions struct {
	// Width and Height bound the image; the ink is trimmed and scaled to fit.
	Width, Height int
	// Padding is the margin around the ink in pixels.
	Padding int
	// Background is BackgroundTransparent or BackgroundWhite.
	Background string
	// Pen draws the ink; the zero value means ink.DefaultPen scaled to Width.
	Pen ink.Pen
}

// DefaultImageOptions returns an 800x300 image on white.
func DefaultImageOptions() ImageOptions {
	return ImageOptions{Width: 800, Height: 300, Padding: 10, Background: BackgroundWhite}
}

// SignatureImage renders sig as PNG bytes. It fails when nothing was drawn and with
// ErrTooLarge when the base64 text would pass MaxSignatureImage.
func SignatureImage(sig signature.Signature, opt ImageOptions) ([]byte, error) {
	if opt.Width < 2*opt.Padding+16 || opt.Height < 2*opt.Padding+16 {
		return nil, fmt.Errorf("signature image size %dx%d with padding %d is too small", opt.Width, opt.Height, opt.Padding)
	}
	pen := opt.Pen
	if pen.MaxWidth == 0 {
		pen = ink.DefaultPen(float64(opt.Width) / 600)
	}
	img := ink.Render(sig, opt.Width, opt.Height, opt.Padding, pen)
	if img == nil {
		return nil, signature.ErrEmpty
	}
	var out image.Image = img
	switch opt.Background {
	case BackgroundWhite:
		rgba := image.NewRGBA(img.Rect)
		draw.Draw(rgba, rgba.Rect, image.White, image.Point{}, draw.Src)
		draw.Draw(rgba, rgba.Rect, img, image.Point{}, draw.Over)
		out = rgba
	case BackgroundTransparent, "":
	default:
		return nil, fmt.Errorf("signature image background %q: use %q or %q", opt.Background, BackgroundTransparent, BackgroundWhite)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("encode signature PNG: %w", err)
	}
	if n := base64.StdEncoding.EncodedLen(buf.Len()); n > MaxSignatureImage {
		return nil, fmt.Errorf("%w: signature_image would be %d KB of base64 (limit %d KB): configure a smaller image size",
			ErrTooLarge, n/1000, MaxSignatureImage/1000)
	}
	return buf.Bytes(), nil
}

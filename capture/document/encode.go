package document

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"

	"github.com/disintegration/imaging"
)

// Quality search bounds: above maxQuality the bytes buy nothing visible; below minQuality
// text on the document starts to smear, so the image is made smaller instead.
const (
	maxQuality  = 90
	minQuality  = 40
	qualityStep = 3 // the search stops when the bracket is this narrow
	maxShrinks  = 4 // times the image may be scaled down by shrinkFactor to fit
)

const shrinkFactor = 0.8

// encoded is a JPEG and the quality it was made with.
type encoded struct {
	data    []byte
	quality int
	bounds  image.Rectangle
}

// encodeUnder encodes img as the best-quality JPEG of at most budget bytes, scaling the
// image down when even minQuality does not fit.
func encodeUnder(ctx context.Context, img *image.NRGBA, budget int) (encoded, error) {
	rgba := flatten(img)
	for i := 0; i <= maxShrinks; i++ {
		e, ok, err := searchQuality(ctx, rgba, budget)
		if err != nil || ok {
			return e, err
		}
		b := rgba.Bounds()
		rgba = flatten(imaging.Resize(rgba, int(float64(b.Dx())*shrinkFactor), 0, imaging.Linear))
	}
	return encoded{}, fmt.Errorf("%w: %d bytes (raise document.budget_bytes or lower document.long_edge)", ErrOverBudget, budget)
}

// searchQuality finds the highest quality in [minQuality, maxQuality] whose JPEG fits.
func searchQuality(ctx context.Context, img *image.RGBA, budget int) (encoded, bool, error) {
	var best encoded
	var buf bytes.Buffer
	try := func(q int) (bool, error) {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		buf.Reset()
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return false, fmt.Errorf("encode JPEG: %w", err)
		}
		if buf.Len() > budget {
			return false, nil
		}
		best = encoded{data: bytes.Clone(buf.Bytes()), quality: q, bounds: img.Bounds()}
		return true, nil
	}
	if ok, err := try(maxQuality); ok || err != nil {
		return best, ok, err
	}
	lo, hi := minQuality, maxQuality-1 // lo is the candidate, hi the last that did not fit
	if ok, err := try(lo); !ok || err != nil {
		return best, false, err
	}
	for hi-lo > qualityStep {
		mid := (lo + hi + 1) / 2
		ok, err := try(mid)
		if err != nil {
			return best, false, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return best, true, nil
}

// flatten composites img over white (a transparent PNG must not turn black) into the
// RGBA layout the JPEG encoder handles fastest.
func flatten(img image.Image) *image.RGBA {
	b := img.Bounds()
	if n, ok := img.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) && n.Opaque() {
		// Opaque non-premultiplied pixels are already premultiplied: share them.
		return &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
	}
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
		return dst
	}
	draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, img, b.Min, draw.Over)
	return dst
}

package document

import (
	"context"
	"fmt"
	"image"
	"image/draw"

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document/turbojpeg"
)

// Quality bounds: above maxQuality the bytes buy little (a textured photo still gains
// structural similarity up to about 95, so the budget decides up to there); below
// minQuality text on the document starts to smear, so the image is made smaller instead.
const (
	maxQuality  = 95
	minQuality  = 40
	qualityStep = 3 // the search stops when the next proposal is this close
	maxEncodes  = 4 // encodes per size; usually one or two
	maxShrinks  = 4 // times the image may be scaled down by shrinkFactor to fit
)

const shrinkFactor = 0.8

// encoded is a JPEG and the quality it was made with.
type encoded struct {
	data    []byte
	quality int
	bounds  image.Rectangle
}

// encodeUnder encodes img with libjpeg-turbo as the best-quality JPEG of at most budget
// bytes, scaling the image down when even minQuality does not fit.
func encodeUnder(ctx context.Context, img *image.NRGBA, budget int) (encoded, error) {
	enc, err := turbojpeg.NewEncoder()
	if err != nil {
		return encoded{}, err
	}
	defer enc.Close()
	rgba := flatten(img)
	for i := 0; i <= maxShrinks; i++ {
		e, ok, err := searchQuality(ctx, enc, rgba, budget)
		if err != nil || ok {
			return e, err
		}
		b := rgba.Bounds()
		rgba = flatten(imaging.Resize(rgba, int(float64(b.Dx())*shrinkFactor), 0, imaging.Linear))
	}
	return encoded{}, fmt.Errorf("%w: %d bytes (raise document.budget_bytes or lower document.long_edge)", ErrOverBudget, budget)
}

// searchQuality finds a quality in [minQuality, maxQuality] whose JPEG fits, close to the
// highest: the size model proposes a quality, one encode measures it, and the model,
// anchored on that measurement, proposes the next; it stops when a proposal is within
// qualityStep of what is known. ok is false when even minQuality does not fit.
func searchQuality(ctx context.Context, enc *turbojpeg.Encoder, img *image.RGBA, budget int) (encoded, bool, error) {
	var best encoded
	lo, hi := minQuality-1, maxQuality+1 // the highest that fitted, the lowest that did not
	b := img.Bounds()
	q := firstQuality(b.Dx()*b.Dy(), budget)
	for n := 0; n < maxEncodes; n++ {
		if err := ctx.Err(); err != nil {
			return best, false, err
		}
		data, err := enc.Encode(img, q)
		if err != nil {
			return best, false, fmt.Errorf("encode JPEG: %w", err)
		}
		if len(data) <= budget {
			best, lo = encoded{data: data, quality: q, bounds: b}, q
		} else {
			hi = q
		}
		next := predictQuality(q, len(data), budget, lo+1, hi-1)
		switch {
		case lo >= maxQuality || hi-lo <= 1:
			return best, lo >= minQuality, nil
		case next > hi-1 || next < lo+1:
			return best, lo >= minQuality, nil
		case lo >= minQuality && next-lo < qualityStep:
			return best, true, nil // close enough to the top: not worth another encode
		}
		q = next
	}
	if lo < minQuality && hi > minQuality {
		// The model kept missing: settle it with the lowest quality.
		data, err := enc.Encode(img, minQuality)
		if err != nil {
			return best, false, fmt.Errorf("encode JPEG: %w", err)
		}
		if len(data) <= budget {
			return encoded{data: data, quality: minQuality, bounds: b}, true, nil
		}
	}
	return best, lo >= minQuality, nil
}

// flatten composites img over white (a transparent PNG must not turn black) into the
// RGBA layout the JPEG encoder reads.
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

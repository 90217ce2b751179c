package document

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"math"

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document/turbojpeg"
)

// Quality bounds: above maxQuality the bytes buy little (a textured photo still gains
// structural similarity up to about 95, so the budget decides up to there); below
// minQuality text on the document starts to smear, so the image is made smaller instead.
const (
	maxQuality  = 95
	minQuality  = 40
	qualityStep = 3 // how far below the best that fits a result may be (tests)
	maxEncodes  = 4 // encodes per size; usually two or three
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

// searchQuality finds the highest quality in [minQuality, maxQuality] whose JPEG fits, or
// one close to it: the size model proposes a quality and one encode measures it; with a
// quality that fitted and one that did not, the next proposal interpolates between the
// two measured sizes (in log bytes), otherwise the model, anchored on the measurement,
// proposes it. Usually two or three encodes; ok is false when even minQuality does not
// fit.
func searchQuality(ctx context.Context, enc *turbojpeg.Encoder, img *image.RGBA, budget int) (encoded, bool, error) {
	var best encoded
	lo, hi := minQuality-1, maxQuality+1 // the highest that fitted, the lowest that did not
	var loBytes, hiBytes int
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
			best, lo, loBytes = encoded{data: data, quality: q, bounds: b}, q, len(data)
		} else {
			hi, hiBytes = q, len(data)
		}
		if hi-lo <= 1 || lo >= maxQuality {
			break
		}
		var next int
		if lo >= minQuality && hi <= maxQuality {
			next = interpolateQuality(lo, loBytes, hi, hiBytes, budget)
		} else {
			next = predictQuality(q, len(data), budget, lo+1, hi-1)
		}
		if next <= lo || next >= hi {
			break
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

// interpolateQuality is the quality strictly between lo (loBytes, fitted) and hi (hiBytes,
// too big) where the size, interpolated in log bytes, reaches the budget; lo when there is
// none.
func interpolateQuality(lo, loBytes, hi, hiBytes, budget int) int {
	if hi-lo <= 1 || hiBytes <= loBytes {
		return lo
	}
	f := (math.Log(float64(budget)) - math.Log(float64(loBytes))) / (math.Log(float64(hiBytes)) - math.Log(float64(loBytes)))
	return min(max(lo+int(f*float64(hi-lo)), lo), hi-1)
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

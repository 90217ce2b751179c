package document

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"math"
	"sync"

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
	maxRounds   = 3 // pairs of trial encodes per size; usually one
	maxShrinks  = 4 // times the image may be scaled down by shrinkFactor to fit
)

const shrinkFactor = 0.8

// encoded is a JPEG and the quality it was made with.
type encoded struct {
	data    []byte
	quality int
	bounds  image.Rectangle
}

// chromaOffset is how many qualities the chroma table is below the luma's: the luma
// carries a document's legibility and the chroma hardly any, so this gives 3 % fewer
// bytes for the same luma, which is what the budget then buys.
const chromaOffset = 12

// chromaQuality is the chroma table's quality for a luma quality q.
func chromaQuality(q int) int { return max(q-chromaOffset, 1) }

// encodeUnder encodes img with libjpeg-turbo as the best-quality JPEG of at most budget
// bytes, scaling the image down when even minQuality does not fit.
func encodeUnder(ctx context.Context, img *image.NRGBA, budget int) (encoded, error) {
	rgba := flatten(img)
	for i := 0; i <= maxShrinks; i++ {
		e, ok, err := searchQuality(ctx, rgba, budget)
		if err != nil || ok {
			return e, err
		}
		b := rgba.Bounds()
		rgba = flatten(imaging.Resize(rgba, int(float64(b.Dx())*shrinkFactor), 0, imaging.Lanczos))
	}
	return encoded{}, fmt.Errorf("%w: %d bytes (raise document.budget_bytes or lower document.long_edge)", ErrOverBudget, budget)
}

// encodeAt encodes img at luma quality q (see chromaOffset) with optimised Huffman
// tables (2-3 % smaller than the standard ones for twice the encoding time, still less
// than a third encode would cost).
func encodeAt(img *image.RGBA, q int) ([]byte, error) {
	enc := turbojpeg.Encoder{Optimize: true, ChromaQuality: chromaQuality(q)}
	data, err := enc.Encode(img, q)
	if err != nil {
		return nil, fmt.Errorf("encode JPEG: %w", err)
	}
	return data, nil
}

// searchQuality finds the highest quality in [minQuality, maxQuality] whose JPEG fits, or
// one close to it. It encodes two qualities at a time on two cores: the size model
// proposes a quality q, and q and q+1 are encoded; with a quality that fitted and one
// that did not, the next proposal interpolates between the two measured sizes (in log
// bytes), otherwise the model, anchored on a measurement, proposes it. Usually one pair,
// whose better fitting encode is the output; ok is false when even minQuality does not
// fit.
func searchQuality(ctx context.Context, img *image.RGBA, budget int) (encoded, bool, error) {
	var best encoded
	lo, hi := minQuality-1, maxQuality+1 // the highest that fitted, the lowest that did not
	var loBytes, hiBytes int
	b := img.Bounds()
	q := firstQuality(b.Dx()*b.Dy(), budget)
	for round := 0; round < maxRounds; round++ {
		if err := ctx.Err(); err != nil {
			return encoded{}, false, err
		}
		pair := []int{q}
		if q+1 < hi && q+1 <= maxQuality {
			pair = append(pair, q+1)
		}
		trials, err := encodePair(img, pair)
		if err != nil {
			return encoded{}, false, err
		}
		for i, p := range pair {
			switch n := len(trials[i]); {
			case n <= budget && p > lo:
				lo, loBytes = p, n
				best = encoded{data: trials[i], quality: p, bounds: b}
			case n > budget && p < hi:
				hi, hiBytes = p, n
			}
		}
		if hi-lo <= 1 || lo >= maxQuality {
			break
		}
		var next int
		switch {
		case lo >= minQuality && hi <= maxQuality:
			next = interpolateQuality(lo, loBytes, hi, hiBytes, budget)
		case lo >= minQuality:
			// The pair fitted: go on only if the model expects more to fit too.
			next = predictQuality(lo, loBytes, budget, lo, hi-1)
		default:
			next = predictQuality(hi, hiBytes, budget, lo+1, hi-1)
		}
		if next <= lo || next >= hi {
			break
		}
		q = next
	}
	if lo < minQuality && hi > minQuality {
		// The model kept missing: settle it with the lowest quality.
		data, err := encodeAt(img, minQuality)
		if err != nil {
			return encoded{}, false, err
		}
		if len(data) <= budget {
			return encoded{data: data, quality: minQuality, bounds: b}, true, nil
		}
	}
	return best, lo >= minQuality, nil
}

// encodePair encodes img at each quality of qs (one or two) at the same time.
func encodePair(img *image.RGBA, qs []int) ([][]byte, error) {
	data := make([][]byte, len(qs))
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	for i := 1; i < len(qs); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data[i], errs[i] = encodeAt(img, qs[i])
		}()
	}
	data[0], errs[0] = encodeAt(img, qs[0])
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return data, nil
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

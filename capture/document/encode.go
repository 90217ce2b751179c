package document

import (
	"context"
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

// Encoder settings. The luma carries a document's legibility and the chroma hardly any,
// so the chroma table is chromaOffset qualities below the luma's (3 % fewer bytes for
// the same luma, which is what the budget then buys). The quality search measures
// trial encodes with the standard Huffman tables (twice as fast); the output is encoded
// once more with optimised tables, which make it 1.5-3 % smaller: the search counts
// on 2 % (optimizeGain), and steps one quality down in the rare case it was less.
const (
	chromaOffset = 12
	optimizeGain = 0.98
)

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

// encodeAt encodes img at luma quality q (see chromaOffset), with optimised Huffman
// tables when optimize is set.
func encodeAt(img *image.RGBA, q int, optimize bool) ([]byte, error) {
	enc := turbojpeg.Encoder{Optimize: optimize, ChromaQuality: chromaQuality(q)}
	data, err := enc.Encode(img, q)
	if err != nil {
		return nil, fmt.Errorf("encode JPEG: %w", err)
	}
	return data, nil
}

// searchQuality finds the highest quality in [minQuality, maxQuality] whose JPEG fits, or
// one close to it, and encodes it with optimised Huffman tables. The trial encodes use
// the standard tables and aim at budget/optimizeGain, two at a time on two cores: the size
// model proposes a quality q, and q and q+1 are measured; with a quality that fitted and
// one that did not, the next proposal interpolates between the two measured sizes (in log
// bytes), otherwise the model, anchored on a measurement, proposes it. Usually one pair of
// trials and the final encode, or the final encode alone when the model expects
// maxQuality to fit; ok is false when even minQuality does not fit.
func searchQuality(ctx context.Context, img *image.RGBA, budget int) (encoded, bool, error) {
	target := int(float64(budget) / optimizeGain)
	var fallback encoded                 // the best trial under the budget itself
	lo, hi := minQuality-1, maxQuality+1 // the highest that fitted target, the lowest that did not
	var loBytes, hiBytes int
	b := img.Bounds()
	q := firstQuality(b.Dx()*b.Dy(), target)
	if q == maxQuality {
		// The model expects the best quality to fit: encode the output at once.
		data, err := encodeAt(img, q, true)
		if err != nil {
			return encoded{}, false, err
		}
		if len(data) <= budget {
			return encoded{data: data, quality: q, bounds: b}, true, nil
		}
	}
	for round := 0; round < maxRounds; round++ {
		if err := ctx.Err(); err != nil {
			return encoded{}, false, err
		}
		pair := []int{q}
		if q+1 < hi && q+1 <= maxQuality {
			pair = append(pair, q+1)
		}
		sizes, trials, err := encodePair(img, pair)
		if err != nil {
			return encoded{}, false, err
		}
		for i, p := range pair {
			if sizes[i] <= budget && p > fallback.quality {
				fallback = encoded{data: trials[i], quality: p, bounds: b}
			}
			if sizes[i] <= target && p > lo {
				lo, loBytes = p, sizes[i]
			} else if sizes[i] > target && p < hi {
				hi, hiBytes = p, sizes[i]
			}
		}
		if hi-lo <= 1 || lo >= maxQuality {
			break
		}
		var next int
		switch {
		case lo >= minQuality && hi <= maxQuality:
			next = interpolateQuality(lo, loBytes, hi, hiBytes, target)
		case lo >= minQuality:
			// The pair fitted: go on only if the model expects more to fit too.
			next = predictQuality(lo, loBytes, target, lo, hi-1)
		default:
			next = predictQuality(hi, hiBytes, target, lo+1, hi-1)
		}
		if next <= lo || next >= hi {
			break
		}
		q = next
	}
	if lo < minQuality && hi > minQuality && fallback.data == nil {
		// The model kept missing: settle it with the lowest quality.
		lo = minQuality
	}
	if lo < minQuality {
		return fallback, fallback.data != nil, nil
	}
	// The output, with optimised tables; one quality lower if they saved less than
	// counted on (rare), unless a trial under the budget is as good.
	for q := lo; q >= max(lo-1, minQuality) && q >= fallback.quality; q-- {
		if err := ctx.Err(); err != nil {
			return encoded{}, false, err
		}
		data, err := encodeAt(img, q, true)
		if err != nil {
			return encoded{}, false, err
		}
		if len(data) <= budget {
			return encoded{data: data, quality: q, bounds: b}, true, nil
		}
	}
	return fallback, fallback.data != nil, nil
}

// encodePair encodes img at each quality of qs (one or two) with the standard tables, at
// the same time, and returns the sizes and the data.
func encodePair(img *image.RGBA, qs []int) ([]int, [][]byte, error) {
	data := make([][]byte, len(qs))
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	for i := 1; i < len(qs); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data[i], errs[i] = encodeAt(img, qs[i], false)
		}()
	}
	data[0], errs[0] = encodeAt(img, qs[0], false)
	wg.Wait()
	sizes := make([]int, len(qs))
	for i := range qs {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		sizes[i] = len(data[i])
	}
	return sizes, data, nil
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

package document

import "math"

// The size model: bytes per pixel of a natural photo (a document on a desk, camera grain)
// encoded by encodeAt (libjpeg-turbo, 4:2:0, the chroma chromaOffset qualities lower,
// the standard Huffman tables) at qualities 40, 45, ..., 95. Measured on the 2000 px
// cards BenchmarkDocumentVsVips cuts from its 12, 48 and 6 MP camera-like photos (the
// geometric mean of the three); other pictures differ in level and a little in slope,
// so the model only proposes the next quality to try from one measured encode, and the
// encode decides.
var modelBPP = [...]float64{0.0481, 0.0530, 0.0573, 0.0615, 0.0671, 0.0741, 0.0823, 0.0915, 0.1054, 0.1251, 0.1580, 0.2348}

const (
	modelLowQ  = 40
	modelStepQ = 5
	// modelMargin is how far under the budget the model aims, for its own error.
	modelMargin = 0.97
)

// modelBytesPerPixel interpolates the model at q (clamped to 40-95), in log space.
func modelBytesPerPixel(q int) float64 {
	q = min(max(q, modelLowQ), modelLowQ+modelStepQ*(len(modelBPP)-1))
	i := (q - modelLowQ) / modelStepQ
	if i == len(modelBPP)-1 {
		return modelBPP[i]
	}
	f := float64(q-modelLowQ-i*modelStepQ) / modelStepQ
	return math.Exp(math.Log(modelBPP[i])*(1-f) + math.Log(modelBPP[i+1])*f)
}

// predictQuality returns the highest quality in [lo, hi] the model expects to fit budget
// bytes, given that quality q gave size bytes on this picture; lo when none does.
func predictQuality(q, size, budget, lo, hi int) int {
	target := float64(budget) * modelMargin
	ref := modelBytesPerPixel(q)
	for p := hi; p > lo; p-- {
		if float64(size)*modelBytesPerPixel(p)/ref <= target {
			return p
		}
	}
	return lo
}

// firstQuality is the model's guess before any encode: the highest quality whose typical
// bytes per pixel fit the budget (without modelMargin: the search measures the quality
// above it as well).
func firstQuality(pixels, budget int) int {
	bpp := float64(budget) / float64(max(pixels, 1))
	for q := maxQuality; q > minQuality; q-- {
		if modelBytesPerPixel(q) <= bpp {
			return q
		}
	}
	return minQuality
}

package document

import "math"

// The size model: bytes per pixel of a natural photo (a document on a desk, camera grain)
// encoded by libjpeg-turbo at 4:2:0, at qualities 40, 45, ..., 95. Measured on a
// documenttest picture of 2000x1500; other pictures differ in level and a
// little in slope, so the model only proposes the next quality to try from one measured
// encode, and the encode decides.
var modelBPP = [...]float64{0.0647, 0.0707, 0.0759, 0.0814, 0.0879, 0.0966, 0.1069, 0.1184, 0.1368, 0.1643, 0.2170, 0.3494}

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
// bytes per pixel fit the budget.
func firstQuality(pixels, budget int) int {
	bpp := float64(budget) * modelMargin / float64(max(pixels, 1))
	for q := maxQuality; q > minQuality; q-- {
		if modelBytesPerPixel(q) <= bpp {
			return q
		}
	}
	return minQuality
}

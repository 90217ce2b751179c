package document

import "image"

// Assess measures img (the cropped, upright document) against t, as Process does after
// the crop; the tests judge the measures on pictures of their own with it.
func Assess(img image.Image, t Thresholds) []Measure {
	b := img.Bounds()
	return assess(img, max(b.Dx(), b.Dy()), t)
}

package document

import "github.com/enrolkiosk/enrolkiosk/config"

// FromConfig returns DefaultOptions with the targets and thresholds of c.
func FromConfig(c config.Document) Options {
	o := DefaultOptions()
	o.BudgetBytes = c.BudgetBytes
	o.LongEdge = c.LongEdge
	o.MaxPixels = c.MaxMegapixels * 1_000_000
	o.Thresholds = Thresholds{
		MinSharpness:  c.MinSharpness,
		MaxGlare:      c.MaxGlare,
		MinBrightness: c.MinBrightness,
		MaxBrightness: c.MaxBrightness,
		MinLongEdge:   c.MinLongEdge,
	}
	return o
}

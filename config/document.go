package config

import "fmt"

// Document holds the document image processing targets and quality thresholds.
type Document struct {
	// BudgetBytes caps each encoded document image.
	BudgetBytes int `toml:"budget_bytes"`
	// LongEdge is the target long edge of a document image in pixels.
	LongEdge int `toml:"long_edge"`
	// MaxMegapixels refuses larger images before decoding them (decompression bombs).
	MaxMegapixels int `toml:"max_megapixels"`
	// MinSharpness is the lowest variance of the Laplacian accepted (measured at a
	// 1000 px long edge); lower asks the operator to hold still and retake.
	MinSharpness float64 `toml:"min_sharpness"`
	// MaxGlare is the highest share (0-1) of saturated pixels accepted.
	MaxGlare float64 `toml:"max_glare"`
	// MinBrightness and MaxBrightness bound the mean luminance (0-255).
	MinBrightness float64 `toml:"min_brightness"`
	MaxBrightness float64 `toml:"max_brightness"`
	// MinLongEdge is the fewest pixels the document may span along its long edge.
	MinLongEdge int `toml:"min_long_edge"`
}

func defaultDocument() Document {
	return Document{
		BudgetBytes: 500_000, LongEdge: 2000, MaxMegapixels: 64,
		MinSharpness: 60, MaxGlare: 0.02, MinBrightness: 60, MaxBrightness: 230, MinLongEdge: 900,
	}
}

func (d *Document) validate() error {
	switch {
	case d.BudgetBytes < 20_000:
		return fmt.Errorf("document.budget_bytes %d is below 20000", d.BudgetBytes)
	case d.LongEdge < 320 || d.LongEdge > 8000:
		return fmt.Errorf("document.long_edge %d must be between 320 and 8000", d.LongEdge)
	case d.MaxMegapixels < 1 || d.MaxMegapixels > 400:
		return fmt.Errorf("document.max_megapixels %d must be between 1 and 400", d.MaxMegapixels)
	case d.MinSharpness < 0:
		return fmt.Errorf("document.min_sharpness %g must not be negative", d.MinSharpness)
	case d.MaxGlare < 0 || d.MaxGlare > 1:
		return fmt.Errorf("document.max_glare %g must be a share between 0 and 1", d.MaxGlare)
	case d.MinBrightness < 0 || d.MaxBrightness > 255 || d.MinBrightness >= d.MaxBrightness:
		return fmt.Errorf("document.min_brightness %g and max_brightness %g must satisfy 0 <= min < max <= 255",
			d.MinBrightness, d.MaxBrightness)
	case d.MinLongEdge < 0 || d.MinLongEdge > d.LongEdge*4:
		return fmt.Errorf("document.min_long_edge %d must be between 0 and 4x long_edge", d.MinLongEdge)
	}
	return nil
}

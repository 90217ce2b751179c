package ink

import "image/color"

// Pen holds the drawing parameters. Widths are radii in pixels.
type Pen struct {
	// MinWidth and MaxWidth bound the radius of the line.
	MinWidth, MaxWidth float64
	// MinDistance skips points closer than this many pixels to the previous one (for the
	// ink only: every sample is still kept).
	MinDistance float64
	// VelocityFilterWeight weighs the newest velocity against the previous (0..1).
	VelocityFilterWeight float64
	// Color is the ink colour; its alpha is ignored (coverage sets the alpha).
	Color color.NRGBA
}

// DefaultPen returns a dark blue ballpoint scaled for a raster of the given pixel density
// (1 for a 1:1 display; 2 for HiDPI).
func DefaultPen(scale float64) Pen {
	if scale <= 0 {
		scale = 1
	}
	return Pen{
		MinWidth: 0.6 * scale, MaxWidth: 2.2 * scale, MinDistance: 1.5 * scale,
		VelocityFilterWeight: 0.7, Color: color.NRGBA{R: 0x10, G: 0x1e, B: 0x6e, A: 0xff},
	}
}

// Point is one point of a stroke in raster pixels.
type Point struct {
	X, Y float64
	// T is the time in milliseconds.
	T float64
	// Pressure is 0..1, or negative when the device does not measure it.
	Pressure float64
}

func (p Point) distance(q Point) float64 {
	dx, dy := p.X-q.X, p.Y-q.Y
	return sqrt(dx*dx + dy*dy)
}

// velocity is pixels per millisecond from q to p (0 when no time passed).
func (p Point) velocity(q Point) float64 {
	if p.T <= q.T {
		return 0
	}
	return p.distance(q) / (p.T - q.T)
}

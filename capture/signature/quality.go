package signature

import (
	"errors"
	"math"
)

// Sentinel errors of Check. Each one asks the signer to sign again; the UI may translate
// them by testing with errors.Is.
var (
	// ErrEmpty means the pen never touched the pad.
	ErrEmpty = errors.New("no signature was drawn: please sign in the box")
	// ErrTooShort means the pen was down for less than Rules.MinDuration.
	ErrTooShort = errors.New("the signature was too quick to be a signature: please sign again")
	// ErrTooFewSamples means the device reported fewer than Rules.MinSamples samples.
	ErrTooFewSamples = errors.New("the signature has too few pen samples: please sign again, a little slower")
	// ErrSingleDot means every sample lies on one spot.
	ErrSingleDot = errors.New("only a dot was drawn: please sign again")
	// ErrTooSmall means the signature covers too little of the pad.
	ErrTooSmall = errors.New("the signature is too small: please sign again, larger")
	// ErrStraightLine means the ink is a single straight line.
	ErrStraightLine = errors.New("a straight line is not a signature: please sign again")
)

// Rules are the thresholds of Check. DefaultRules suits a pad a few centimetres high.
type Rules struct {
	// MinDuration is the least time in milliseconds from the first to the last pen-down sample.
	MinDuration uint32
	// MinSamples is the least number of samples in contact.
	MinSamples int
	// DotFraction: a signature whose larger extent is below this fraction of the pad's
	// larger extent is a dot.
	DotFraction float64
	// MinFraction: a signature whose larger extent is below this fraction of the pad's
	// larger extent is too small.
	MinFraction float64
	// LineRatio: a signature whose spread across its main axis is below this fraction of
	// its spread along it is a straight line.
	LineRatio float64
}

// DefaultRules returns the thresholds used unless configured otherwise.
func DefaultRules() Rules {
	return Rules{MinDuration: 300, MinSamples: 15, DotFraction: 0.02, MinFraction: 0.1, LineRatio: 0.04}
}

// Check runs the quality checks a signature must pass before the signer may accept it.
// It returns nil or one of the sentinel errors of this package.
func Check(sig Signature, r Rules) error {
	down := contactSamples(sig.Samples)
	if len(down) == 0 {
		return ErrEmpty
	}
	if extentFraction(sig) < r.DotFraction {
		return ErrSingleDot
	}
	if (Signature{Samples: down}).Duration() < r.MinDuration {
		return ErrTooShort
	}
	if len(down) < r.MinSamples {
		return ErrTooFewSamples
	}
	if extentFraction(sig) < r.MinFraction {
		return ErrTooSmall
	}
	if minorMajorRatio(down) < r.LineRatio {
		return ErrStraightLine
	}
	return nil
}

func contactSamples(samples []Sample) []Sample {
	out := make([]Sample, 0, len(samples))
	for _, s := range samples {
		if s.Contact {
			out = append(out, s)
		}
	}
	return out
}

// extentFraction is the larger side of the ink's box over the larger side of the pad.
func extentFraction(sig Signature) float64 {
	minX, minY, maxX, maxY, ok := sig.Bounds()
	if !ok {
		return 0
	}
	ink := float64(max(maxX-minX, maxY-minY))
	return ink / float64(max(sig.Device.Width(), sig.Device.Height()))
}

// minorMajorRatio is the square root of the ratio of the smaller to the larger eigenvalue
// of the points' covariance: 0 for points on a line, 1 for a round cloud.
func minorMajorRatio(pts []Sample) float64 {
	var mx, my float64
	for _, p := range pts {
		mx += float64(p.X)
		my += float64(p.Y)
	}
	n := float64(len(pts))
	mx, my = mx/n, my/n
	var sxx, syy, sxy float64
	for _, p := range pts {
		dx, dy := float64(p.X)-mx, float64(p.Y)-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	tr, det := sxx+syy, sxx*syy-sxy*sxy
	disc := math.Sqrt(math.Max(tr*tr/4-det, 0))
	major, minor := tr/2+disc, tr/2-disc
	if major <= 0 {
		return 0
	}
	return math.Sqrt(math.Max(minor, 0) / major)
}

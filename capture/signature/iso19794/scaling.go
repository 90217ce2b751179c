package iso19794

import (
	"fmt"
	"math"
)

// encodeScale packs a positive scaling value into the 16-bit form of ISO/IEC 19794-7:
// a 5-bit exponent E and an 11-bit mantissa F, value = 2^(E-16) * (1 + F/2048).
func encodeScale(v float64) (uint16, error) {
	if !(v >= math.Ldexp(1, -16)) || v >= math.Ldexp(1, 16) {
		return 0, fmt.Errorf("scaling value %g is outside 2^-16..2^16", v)
	}
	e := math.Floor(math.Log2(v))
	f := math.Round((v/math.Exp2(e) - 1) * 2048)
	if f >= 2048 {
		e, f = e+1, 0
	}
	if e+16 > 31 {
		return 0, fmt.Errorf("scaling value %g is outside 2^-16..2^16", v)
	}
	return uint16(e+16)<<11 | uint16(f), nil
}

// decodeScale unpacks a scaling value.
func decodeScale(u uint16) float64 {
	e := int(u >> 11)
	f := float64(u & 0x7ff)
	return math.Ldexp(1+f/2048, e-16)
}

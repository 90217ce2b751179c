package signature

// Sample is one report of the pen, kept exactly as the device gave it.
//
// Coordinates, pressure and angles are in device units; the Device describes their ranges
// and resolution. Fields the device does not report are zero and the Device says so
// (HasPressure, HasTilt, HasOrientation): a value is never invented.
type Sample struct {
	// T is the time in milliseconds since the first sample of the signature.
	T uint32 `json:"t"`
	// X and Y are the pen position in device units; Y grows downwards.
	X int32 `json:"x"`
	Y int32 `json:"y"`
	// Pressure is the tip pressure in device units (0..Device.PressureMax).
	Pressure int32 `json:"p,omitempty"`
	// TiltX and TiltY are the pen tilt in device units (Device.TiltMin..TiltMax).
	TiltX int32 `json:"tx,omitempty"`
	TiltY int32 `json:"ty,omitempty"`
	// Azimuth and Altitude are the pen orientation in tenths of a degree
	// (azimuth 0..3600, altitude 0..900), as SVC2004 records them.
	Azimuth  int32 `json:"az,omitempty"`
	Altitude int32 `json:"el,omitempty"`
	// Contact is true while the tip touches the surface (pen down).
	Contact bool `json:"down"`
	// Proximity is true while the pen is within range of the surface (hovering or down).
	Proximity bool `json:"prox"`
}

// Signature is one captured signature: the device and every sample, in arrival order.
type Signature struct {
	Device  Device   `json:"device"`
	Samples []Sample `json:"samples"`
}

// Duration returns the time from the earliest to the latest sample in milliseconds.
// (Recorded clocks may step back a little; samples are kept in arrival order.)
func (s Signature) Duration() uint32 {
	if len(s.Samples) == 0 {
		return 0
	}
	lo, hi := s.Samples[0].T, s.Samples[0].T
	for _, p := range s.Samples {
		lo, hi = min(lo, p.T), max(hi, p.T)
	}
	return hi - lo
}

// Strokes splits the samples into strokes: maximal runs of samples in contact. Samples
// with the pen up (hovering) belong to no stroke. The returned slices share the
// signature's backing array.
func (s Signature) Strokes() [][]Sample {
	var out [][]Sample
	start := -1
	for i, p := range s.Samples {
		switch {
		case p.Contact && start < 0:
			start = i
		case !p.Contact && start >= 0:
			out = append(out, s.Samples[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s.Samples[start:])
	}
	return out
}

// Bounds returns the smallest box holding every sample in contact, and false when no
// sample is in contact.
func (s Signature) Bounds() (minX, minY, maxX, maxY int32, ok bool) {
	for _, p := range s.Samples {
		if !p.Contact {
			continue
		}
		if !ok {
			minX, maxX, minY, maxY, ok = p.X, p.X, p.Y, p.Y, true
			continue
		}
		minX, maxX = min(minX, p.X), max(maxX, p.X)
		minY, maxY = min(minY, p.Y), max(maxY, p.Y)
	}
	return minX, minY, maxX, maxY, ok
}

package signature

// Device kinds.
const (
	// KindPointer is a mouse or touch screen seen through the UI toolkit's pointer events.
	KindPointer = "pointer"
	// KindTablet is a pen tablet read directly (Linux evdev).
	KindTablet = "tablet"
	// KindPad is a signature pad with its own screen read over USB HID (Wacom STU).
	KindPad = "pad"
	// KindReplay is a recorded signature played back (SVC2004 or a stroke file).
	KindReplay = "replay"
)

// Device describes what produced the samples of a signature.
type Device struct {
	// Kind is KindPointer, KindTablet, KindPad or KindReplay.
	Kind string `json:"kind"`
	// Name is the device's own name (for example "Wacom STU-540 Pen").
	Name string `json:"name"`
	// XMin..XMax and YMin..YMax are the ranges of the coordinates in device units.
	XMin int32 `json:"x_min"`
	XMax int32 `json:"x_max"`
	YMin int32 `json:"y_min"`
	YMax int32 `json:"y_max"`
	// Resolution is the number of device units per millimetre; 0 when unknown.
	Resolution float64 `json:"resolution_per_mm,omitempty"`
	// SampleRate is the nominal report rate in Hz; 0 when event driven or unknown.
	SampleRate float64 `json:"sample_rate_hz,omitempty"`
	// HasPressure tells whether Sample.Pressure is measured; PressureMax is its top value.
	HasPressure bool  `json:"has_pressure"`
	PressureMax int32 `json:"pressure_max,omitempty"`
	// HasTilt tells whether Sample.TiltX/TiltY are measured, in TiltMin..TiltMax.
	HasTilt bool  `json:"has_tilt"`
	TiltMin int32 `json:"tilt_min,omitempty"`
	TiltMax int32 `json:"tilt_max,omitempty"`
	// HasOrientation tells whether Sample.Azimuth/Altitude are measured.
	HasOrientation bool `json:"has_orientation"`
}

// Width returns the extent of the X range in device units (at least 1).
func (d Device) Width() int32 { return max(d.XMax-d.XMin, 1) }

// Height returns the extent of the Y range in device units (at least 1).
func (d Device) Height() int32 { return max(d.YMax-d.YMin, 1) }

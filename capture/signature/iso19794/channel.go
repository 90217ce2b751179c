package iso19794

// Channel is the index of a channel in the inclusion bitmap, in ISO/IEC 19794-7 order.
// Bit 15 of the bitmap (the most significant) is X, bit 0 is R.
type Channel uint8

// The channels of ISO/IEC 19794-7, in bitmap order.
const (
	X  Channel = iota // pen position, horizontal
	Y                 // pen position, vertical
	Z                 // pen height above the surface
	VX                // velocity, horizontal
	VY                // velocity, vertical
	AX                // acceleration, horizontal
	AY                // acceleration, vertical
	T                 // time since the first sample
	DT                // time since the previous sample
	F                 // tip force (pressure)
	S                 // tip switch: 1 while the pen touches
	TX                // tilt about the Y axis
	TY                // tilt about the X axis
	AZ                // azimuth
	EL                // elevation (altitude)
	R                 // rotation about the pen axis
	// NumChannels is the number of channels the bitmap can name.
	NumChannels
)

var channelNames = [NumChannels]string{"X", "Y", "Z", "VX", "VY", "AX", "AY", "T", "DT", "F", "S", "TX", "TY", "AZ", "EL", "R"}

// String returns the channel's ISO name.
func (c Channel) String() string {
	if c < NumChannels {
		return channelNames[c]
	}
	return "?"
}

// Channels is the channel inclusion bitmap.
type Channels uint16

// Has reports whether c is included.
func (cs Channels) Has(c Channel) bool { return c < NumChannels && cs&(1<<(15-c)) != 0 }

// With returns cs with c included.
func (cs Channels) With(c Channel) Channels { return cs | 1<<(15-c) }

// List returns the included channels in bitmap order.
func (cs Channels) List() []Channel {
	var out []Channel
	for c := X; c < NumChannels; c++ {
		if cs.Has(c) {
			out = append(out, c)
		}
	}
	return out
}

// signedOffset is added to a signed value (tilt) to store it as an unsigned 16-bit one.
const signedOffset = 32768

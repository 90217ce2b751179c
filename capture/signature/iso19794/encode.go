package iso19794

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// Format constants of the general header.
const (
	// FormatID is the format identifier that starts every record.
	FormatID = "SDI\x00"
	// Version is the version number this package writes.
	Version = "010\x00"
	// headerLen is the general header: identifier, version, record length, number of
	// representations and a reserved byte.
	headerLen = 4 + 4 + 4 + 1 + 1
)

// Description preamble bits.
const (
	hasScale = 0x80
	hasMin   = 0x40
	hasMax   = 0x20
	hasAvg   = 0x10
	hasSD    = 0x08
)

// Encode writes r as one record. It fails with ErrUnencodable when a sample value does
// not fit its channel or a channel cannot be filled from the samples.
func Encode(r Record) ([]byte, error) {
	chans := r.Channels.List()
	if len(chans) == 0 {
		return nil, fmt.Errorf("%w: no channel is included", ErrUnencodable)
	}
	for _, c := range chans {
		if c == Z || (c >= VX && c <= AY) || c == R {
			return nil, fmt.Errorf("%w: channel %s is not measured by any supported device", ErrUnencodable, c)
		}
	}
	size := headerLen + 2 + 7*len(chans) + 4 + 2*len(chans)*len(r.Samples) + 2
	b := make([]byte, 0, size)
	b = append(b, FormatID...)
	b = append(b, Version...)
	b = binary.BigEndian.AppendUint32(b, 0) // record length, filled in below
	b = append(b, 1, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(r.Channels))
	var err error
	for _, c := range chans {
		if b, err = appendDesc(b, c, r.Desc[c]); err != nil {
			return nil, err
		}
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(r.Samples)))
	if b, err = appendSamples(b, chans, r); err != nil {
		return nil, err
	}
	b = binary.BigEndian.AppendUint16(b, 0) // no extended data
	binary.BigEndian.PutUint32(b[8:], uint32(len(b)))
	return b, nil
}

func appendDesc(b []byte, c Channel, d Description) ([]byte, error) {
	var pre byte
	var scale uint16
	if d.Scale != 0 {
		s, err := encodeScale(d.Scale)
		if err != nil {
			return nil, fmt.Errorf("%w: channel %s: %w", ErrUnencodable, c, err)
		}
		pre, scale = pre|hasScale, s
	}
	if d.HasMin {
		pre |= hasMin
	}
	if d.HasMax {
		pre |= hasMax
	}
	b = append(b, pre)
	if d.Scale != 0 {
		b = binary.BigEndian.AppendUint16(b, scale)
	}
	if d.HasMin {
		b = binary.BigEndian.AppendUint16(b, d.Min)
	}
	if d.HasMax {
		b = binary.BigEndian.AppendUint16(b, d.Max)
	}
	return b, nil
}

func appendSamples(b []byte, chans []Channel, r Record) ([]byte, error) {
	tScale := r.Desc[T].Scale
	if tScale == 0 {
		tScale = 1000
	}
	dtScale := r.Desc[DT].Scale
	if dtScale == 0 {
		dtScale = 1000
	}
	var prevT uint32
	for i, s := range r.Samples {
		for _, c := range chans {
			var v int64
			switch c {
			case T:
				v = int64(math.Round(float64(s.T) * tScale / 1000))
			case DT:
				v = int64(math.Round(float64(s.T-min(prevT, s.T)) * dtScale / 1000))
			default:
				v = fieldValue(s, c)
			}
			if v < 0 || v > 0xffff {
				return nil, fmt.Errorf("%w: sample %d: channel %s value %d is outside 0..65535", ErrUnencodable, i, c, v)
			}
			b = binary.BigEndian.AppendUint16(b, uint16(v))
		}
		prevT = s.T
	}
	return b, nil
}

// fieldValue returns the stored value of channel c (other than T and DT) for s.
func fieldValue(s signature.Sample, c Channel) int64 {
	switch c {
	case X:
		return int64(s.X)
	case Y:
		return int64(s.Y)
	case F:
		return int64(s.Pressure)
	case S:
		if s.Contact {
			return 1
		}
		return 0
	case TX:
		return int64(s.TiltX) + signedOffset
	case TY:
		return int64(s.TiltY) + signedOffset
	case AZ:
		return int64(s.Azimuth)
	case EL:
		return int64(s.Altitude)
	}
	return 0
}

package iso19794

import (
	"errors"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// Sentinel errors.
var (
	// ErrMalformed means the bytes are not a record this package can read.
	ErrMalformed = errors.New("not a valid ISO/IEC 19794-7 signature record")
	// ErrUnencodable means a signature has values the record cannot hold.
	ErrUnencodable = errors.New("signature cannot be encoded as ISO/IEC 19794-7")
)

// Description describes one channel: its scaling value and its range, each optional.
type Description struct {
	// Scale is the scaling value (units per millimetre for X and Y, units per second for
	// T, units per degree for angles); 0 when absent.
	Scale float64
	// HasMin/Min and HasMax/Max give the channel's range as stored values.
	HasMin, HasMax bool
	Min, Max       uint16
}

// Record is one signature time-series record.
type Record struct {
	// Channels lists the channels every sample carries.
	Channels Channels
	// Desc holds the description of each included channel.
	Desc [NumChannels]Description
	// Samples are the pen samples. Channels the record lacks leave their fields zero;
	// Proximity is true for every decoded sample (the format does not carry it).
	Samples []signature.Sample
}

// timeScales are the T scaling values tried in turn (units per second): 1 ms steps,
// then coarser powers of two for signatures longer than 65.5 s.
var timeScales = []float64{1000, 500, 250, 125}

// FromSignature chooses the channels and descriptions for sig and returns its record:
// X, Y, T and S always; F when the device measures pressure; TX/TY with tilt; AZ/EL with
// orientation. It fails with ErrUnencodable when a value does not fit in 16 bits.
func FromSignature(sig signature.Signature) (Record, error) {
	d := sig.Device
	r := Record{Samples: sig.Samples}
	r.Channels = Channels(0).With(X).With(Y).With(T).With(S)
	r.Desc[X] = Description{Scale: d.Resolution, HasMin: true, HasMax: true}
	r.Desc[Y] = Description{Scale: d.Resolution, HasMin: true, HasMax: true}
	var err error
	if r.Desc[X].Min, r.Desc[X].Max, err = unsignedRange("X", d.XMin, d.XMax); err != nil {
		return Record{}, err
	}
	if r.Desc[Y].Min, r.Desc[Y].Max, err = unsignedRange("Y", d.YMin, d.YMax); err != nil {
		return Record{}, err
	}
	if d.HasPressure {
		r.Channels = r.Channels.With(F)
		r.Desc[F] = Description{HasMin: true, HasMax: true, Max: uint16(min(max(d.PressureMax, 0), 0xffff))}
	}
	if d.HasTilt {
		r.Channels = r.Channels.With(TX).With(TY)
		tilt := Description{HasMin: true, HasMax: true, Min: offset(d.TiltMin), Max: offset(d.TiltMax)}
		r.Desc[TX], r.Desc[TY] = tilt, tilt
	}
	if d.HasOrientation {
		r.Channels = r.Channels.With(AZ).With(EL)
		r.Desc[AZ] = Description{Scale: 10}
		r.Desc[EL] = Description{Scale: 10}
	}
	var last uint32
	for _, s := range sig.Samples {
		last = max(last, s.T)
	}
	r.Desc[T] = Description{Scale: timeScales[0]}
	for _, s := range timeScales {
		if float64(last)*s/1000 <= 0xffff {
			r.Desc[T].Scale = s
			break
		}
	}
	if float64(last)*r.Desc[T].Scale/1000 > 0xffff {
		return Record{}, fmt.Errorf("%w: it lasts %d s, longer than the %d s the time channel holds",
			ErrUnencodable, last/1000, int(0xffff*1000/timeScales[len(timeScales)-1]/1000))
	}
	return r, nil
}

func unsignedRange(name string, lo, hi int32) (uint16, uint16, error) {
	if lo < 0 || hi > 0xffff || lo > hi {
		return 0, 0, fmt.Errorf("%w: %s range %d..%d is outside 0..65535", ErrUnencodable, name, lo, hi)
	}
	return uint16(lo), uint16(hi), nil
}

func offset(v int32) uint16 { return uint16(min(max(v+signedOffset, 0), 0xffff)) }

// Signature returns the samples with the device the record describes: ranges from the
// X/Y/F/TX descriptions, the resolution from the X scaling value. The device's kind and
// name are not part of the format (the biodata envelope carries them).
func (r Record) Signature() signature.Signature {
	d := signature.Device{
		XMin: int32(r.Desc[X].Min), XMax: int32(r.Desc[X].Max),
		YMin: int32(r.Desc[Y].Min), YMax: int32(r.Desc[Y].Max),
		Resolution:     r.Desc[X].Scale,
		HasPressure:    r.Channels.Has(F),
		HasTilt:        r.Channels.Has(TX),
		HasOrientation: r.Channels.Has(AZ) && r.Channels.Has(EL),
	}
	if d.HasPressure {
		d.PressureMax = int32(r.Desc[F].Max)
	}
	if d.HasTilt {
		d.TiltMin, d.TiltMax = int32(r.Desc[TX].Min)-signedOffset, int32(r.Desc[TX].Max)-signedOffset
	}
	return signature.Signature{Device: d, Samples: r.Samples}
}

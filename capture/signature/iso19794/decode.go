package iso19794

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// reader reads big-endian fields and remembers the first shortfall.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) next(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b)-r.off {
		r.err = fmt.Errorf("%w: record ends at byte %d while reading %s", ErrMalformed, len(r.b), what)
		return nil
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *reader) u16(what string) uint16 {
	if p := r.next(2, what); p != nil {
		return binary.BigEndian.Uint16(p)
	}
	return 0
}

func (r *reader) u32(what string) uint32 {
	if p := r.next(4, what); p != nil {
		return binary.BigEndian.Uint32(p)
	}
	return 0
}

// Decode reads one record. It accepts only what Encode's layout allows and checks every
// length against the bytes present before allocating, so it is safe on untrusted input.
func Decode(b []byte) (Record, error) {
	r := &reader{b: b}
	if id := r.next(4, "the format identifier"); r.err == nil && !bytes.Equal(id, []byte(FormatID)) {
		return Record{}, fmt.Errorf("%w: it starts with %q, not the format identifier \"SDI\"", ErrMalformed, id)
	}
	r.next(4, "the version")
	if n := r.u32("the record length"); r.err == nil && int64(n) != int64(len(b)) {
		return Record{}, fmt.Errorf("%w: the header says %d bytes but there are %d (truncated or padded)", ErrMalformed, n, len(b))
	}
	if reps := r.next(2, "the number of representations"); r.err == nil && reps[0] != 1 {
		return Record{}, fmt.Errorf("%w: it holds %d signature representations; exactly 1 is supported", ErrMalformed, reps[0])
	}
	var rec Record
	rec.Channels = Channels(r.u16("the channel inclusion field"))
	chans := rec.Channels.List()
	if r.err == nil && len(chans) == 0 {
		return Record{}, fmt.Errorf("%w: the channel inclusion field names no channel", ErrMalformed)
	}
	for _, c := range chans {
		rec.Desc[c] = readDesc(r, c)
	}
	n := r.u32("the number of samples")
	if r.err != nil {
		return Record{}, r.err
	}
	if need := int64(n) * int64(2*len(chans)); need > int64(len(b)-r.off) {
		return Record{}, fmt.Errorf("%w: %d samples need %d bytes but only %d remain", ErrMalformed, n, need, len(b)-r.off)
	}
	rec.Samples = readSamples(r, chans, &rec, int(n))
	if ext := r.u16("the extended data length"); r.err == nil {
		r.next(int(ext), "the extended data")
	}
	if r.err == nil && r.off != len(b) {
		return Record{}, fmt.Errorf("%w: %d unexpected bytes after the extended data", ErrMalformed, len(b)-r.off)
	}
	return rec, r.err
}

func readDesc(r *reader, c Channel) Description {
	var d Description
	pre := r.next(1, "a channel description")
	if pre == nil {
		return d
	}
	if pre[0]&hasScale != 0 {
		d.Scale = decodeScale(r.u16("the scaling value of channel " + c.String()))
	}
	if pre[0]&hasMin != 0 {
		d.HasMin, d.Min = true, r.u16("the minimum of channel "+c.String())
	}
	if pre[0]&hasMax != 0 {
		d.HasMax, d.Max = true, r.u16("the maximum of channel "+c.String())
	}
	if pre[0]&hasAvg != 0 {
		r.u16("the average of channel " + c.String())
	}
	if pre[0]&hasSD != 0 {
		r.u16("the standard deviation of channel " + c.String())
	}
	return d
}

func readSamples(r *reader, chans []Channel, rec *Record, n int) []signature.Sample {
	tMs := 1000 / scaleOr(rec.Desc[T].Scale, 1000)
	dtMs := 1000 / scaleOr(rec.Desc[DT].Scale, 1000)
	out := make([]signature.Sample, n)
	hasS, hasF := rec.Channels.Has(S), rec.Channels.Has(F)
	var t float64
	for i := range out {
		s := &out[i]
		s.Proximity = true
		for _, c := range chans {
			v := r.u16("a sample")
			switch c {
			case T:
				t = float64(v) * tMs
			case DT:
				t += float64(v) * dtMs
			default:
				setField(s, c, v)
			}
		}
		s.T = uint32(math.Round(t))
		if !hasS {
			// Without a tip switch, the pen is down while it presses (or always).
			s.Contact = !hasF || s.Pressure > 0
		}
	}
	return out
}

func scaleOr(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func setField(s *signature.Sample, c Channel, v uint16) {
	switch c {
	case X:
		s.X = int32(v)
	case Y:
		s.Y = int32(v)
	case F:
		s.Pressure = int32(v)
	case S:
		s.Contact = v != 0
	case TX:
		s.TiltX = int32(v) - signedOffset
	case TY:
		s.TiltY = int32(v) - signedOffset
	case AZ:
		s.Azimuth = int32(v)
	case EL:
		s.Altitude = int32(v)
	}
}

package replay

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// ErrMalformed means a file is neither a valid SVC2004 file nor a valid stroke file.
var ErrMalformed = errors.New("not a readable signature file")

// maxSamples bounds what a file may declare, so that a corrupt count cannot exhaust memory.
const maxSamples = 1 << 20

// SVCDevice describes the tablet SVC2004 was recorded on: a WACOM Intuos at 100 Hz,
// 2540 lines per inch (100 units per mm), 1024 pressure levels, azimuth and altitude in
// tenths of a degree. The coordinate range is that tablet's active area; a file with
// samples beyond it widens the range rather than being refused.
func SVCDevice() signature.Device {
	return signature.Device{
		Kind: signature.KindReplay, Name: "SVC2004 (WACOM Intuos)",
		XMax: 12700, YMax: 10160, Resolution: 100, SampleRate: 100,
		HasPressure: true, PressureMax: 1023, HasOrientation: true,
	}
}

// ParseSVC reads an SVC2004 file: a line with the number of samples, then one line per
// sample "X Y T button azimuth altitude pressure". T is made relative to the first
// sample; a non-zero button is pen down. Every sample is kept.
//
// The SVC2004 tablet counts Y upwards (its origin is at the bottom of the writing area),
// while signature.Sample's Y grows downwards, as on a screen: ParseSVC turns Y over
// within the device's range (Y becomes YMax-Y), so that a replayed signature is upright,
// a descender below the line. The files show it: over the 1,600 files of Task 2, the
// near-vertical pen-down travel with the file's Y falling is 3.7 times that with Y
// rising (down-strokes), the pen-up travel with Y rising 10 times that with Y falling
// (the pen going back up to start the next stroke), and pen-down horizontal travel goes
// left to right 4 times as much as back, X needing no turn.
func ParseSVC(r io.Reader) (signature.Signature, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256), 4096)
	if !sc.Scan() {
		return signature.Signature{}, fmt.Errorf("%w: SVC2004 file is empty (%v)", ErrMalformed, sc.Err())
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(sc.Bytes())))
	if err != nil || n < 0 || n > maxSamples {
		return signature.Signature{}, fmt.Errorf("%w: SVC2004 line 1: %q is not a sample count", ErrMalformed, sc.Text())
	}
	sig := signature.Signature{Device: SVCDevice(), Samples: make([]signature.Sample, 0, min(n, 4096))}
	times := make([]int64, 0, min(n, 4096))
	for line := 2; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		s, t, err := parseSVCLine(sc.Bytes())
		if err != nil {
			return signature.Signature{}, fmt.Errorf("%w: SVC2004 line %d: %w", ErrMalformed, line, err)
		}
		sig.Samples = append(sig.Samples, s)
		times = append(times, t)
		widen(&sig.Device, s)
	}
	for i := range sig.Samples {
		sig.Samples[i].Y = sig.Device.YMax - sig.Samples[i].Y // Y upwards to Y downwards
	}
	if err := relativeTimes(sig.Samples, times); err != nil {
		return signature.Signature{}, err
	}
	if err := sc.Err(); err != nil {
		return signature.Signature{}, fmt.Errorf("%w: SVC2004: %w", ErrMalformed, err)
	}
	if len(sig.Samples) != n {
		return signature.Signature{}, fmt.Errorf("%w: SVC2004 file declares %d samples but holds %d (truncated?)", ErrMalformed, n, len(sig.Samples))
	}
	return sig, nil
}

// relativeTimes sets each sample's T to its time since the earliest sample. The recorded
// clock sometimes steps back by a few ms; those samples are kept as recorded.
func relativeTimes(samples []signature.Sample, times []int64) error {
	if len(times) == 0 {
		return nil
	}
	lo, hi := times[0], times[0]
	for _, t := range times {
		lo, hi = min(lo, t), max(hi, t)
	}
	if hi-lo > 1<<31 {
		return fmt.Errorf("%w: SVC2004 times span %d ms, more than 24 days", ErrMalformed, hi-lo)
	}
	for i, t := range times {
		samples[i].T = uint32(t - lo)
	}
	return nil
}

func parseSVCLine(b []byte) (signature.Sample, int64, error) {
	f := bytes.Fields(b)
	if len(f) != 7 {
		return signature.Sample{}, 0, fmt.Errorf("%d fields, want 7 (X Y T button azimuth altitude pressure)", len(f))
	}
	var v [7]int64
	for i := range f {
		x, err := strconv.ParseInt(string(f[i]), 10, 32)
		if err != nil || (x < 0 && i != 2) {
			return signature.Sample{}, 0, fmt.Errorf("field %d %q is not a non-negative integer", i+1, f[i])
		}
		v[i] = x
	}
	return signature.Sample{
		X: int32(v[0]), Y: int32(v[1]), Contact: v[3] != 0, Proximity: true,
		Azimuth: int32(v[4]), Altitude: int32(v[5]), Pressure: int32(v[6]),
	}, v[2], nil
}

func widen(d *signature.Device, s signature.Sample) {
	d.XMax = max(d.XMax, s.X)
	d.YMax = max(d.YMax, s.Y)
	d.PressureMax = max(d.PressureMax, s.Pressure)
}

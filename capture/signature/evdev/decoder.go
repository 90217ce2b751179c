package evdev

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// Decoder turns kernel input events into pen samples. The kernel sends only the axes
// that changed since the last report, so the Decoder keeps the pen's state and emits one
// sample per SYN_REPORT while the pen is in proximity, plus one when it leaves.
type Decoder struct {
	state    signature.Sample
	t0       time.Duration
	started  bool
	wasProx  bool
	dropping bool
	// Dropped counts the SYN_DROPPED notices seen (the kernel's buffer overflowed and
	// some reports were lost before they reached us).
	Dropped int
}

// Feed takes one event and returns a sample when the event completes a report.
func (d *Decoder) Feed(e Event) (signature.Sample, bool) {
	if d.dropping {
		// After SYN_DROPPED, events up to the next SYN_REPORT are an incomplete report.
		d.dropping = !(e.Type == evSyn && e.Code == synReport)
		return signature.Sample{}, false
	}
	switch e.Type {
	case evAbs:
		d.abs(e.Code, e.Value)
	case evKey:
		switch e.Code {
		case btnTouch:
			d.state.Contact = e.Value != 0
		case btnToolPen:
			d.state.Proximity = e.Value != 0
			if e.Value == 0 {
				// A pen out of range cannot touch, whatever the driver forgot to send.
				d.state.Contact, d.state.Pressure = false, 0
			}
		}
	case evSyn:
		switch e.Code {
		case synDropped:
			d.Dropped++
			d.dropping = true
		case synReport:
			return d.report(e.Time)
		}
	}
	return signature.Sample{}, false
}

func (d *Decoder) abs(code uint16, v int32) {
	switch code {
	case absX:
		d.state.X = v
	case absY:
		d.state.Y = v
	case absPressure:
		d.state.Pressure = v
	case absTiltX:
		d.state.TiltX = v
	case absTiltY:
		d.state.TiltY = v
	}
}

// report emits the state at the end of a report while the pen is near or just left.
func (d *Decoder) report(t time.Duration) (signature.Sample, bool) {
	if !d.state.Proximity && !d.state.Contact && !d.wasProx {
		return signature.Sample{}, false
	}
	d.wasProx = d.state.Proximity || d.state.Contact
	if !d.started {
		d.started, d.t0 = true, t
	}
	s := d.state
	s.T = uint32(max(t-d.t0, 0).Round(time.Millisecond) / time.Millisecond)
	return s, true
}

// Decode reads events from r until EOF and calls emit for every sample. A stream that
// stops in the middle of an event fails with ErrTruncated after emitting what was whole.
func Decode(r io.Reader, d *Decoder, emit func(signature.Sample)) error {
	br := bufio.NewReaderSize(r, EventSize*64)
	var ev [EventSize]byte
	for {
		n, err := io.ReadFull(br, ev[:])
		switch {
		case err == nil:
			if s, ok := d.Feed(parseEvent(ev[:])); ok {
				emit(s)
			}
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("%w (%d stray bytes)", ErrTruncated, n)
		default:
			return fmt.Errorf("read input events: %w", err)
		}
	}
}

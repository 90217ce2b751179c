package stu

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// Decoder turns pen reports into samples. It emits one sample per report while the pen
// is in proximity, plus one when it leaves. Times come from the pad's own clock when the
// reports carry it (0x34, unwrapped past 65.5 s), else from Now at arrival (0x01).
type Decoder struct {
	// Now is the host clock used for reports without time (0x01); nil means time.Now.
	Now func() time.Time

	started  bool
	wasProx  bool
	lastTime uint16
	elapsed  uint32 // ms since the first sample, unwrapped
	t0       time.Time
	lastSeq  uint16
	seqSeen  bool
	// Reports counts the pen reports fed (in proximity or not).
	Reports int
	// Dropped counts the reports the pad numbered but that never arrived (gaps in the
	// 0x34 sequence numbers).
	Dropped int
}

// Feed decodes one report and returns its sample, if it gives one. Reports that are not
// pen reports fail with ErrUnknownReport, short ones with ErrShortReport; the decoder's
// state is unchanged by a failed report.
func (d *Decoder) Feed(b []byte) (signature.Sample, bool, error) {
	p, err := ParsePen(b)
	if err != nil {
		return signature.Sample{}, false, err
	}
	s, ok := d.FeedPen(p)
	return s, ok, nil
}

// FeedPen is Feed for a decoded report.
func (d *Decoder) FeedPen(p Pen) (signature.Sample, bool) {
	d.Reports++
	if p.HasTime {
		if d.seqSeen {
			d.Dropped += int(p.Sequence - d.lastSeq - 1) // uint16 arithmetic: wraps
		}
		d.lastSeq, d.seqSeen = p.Sequence, true
	}
	contact := p.Switch != 0
	if !p.Proximity && !contact && !d.wasProx {
		d.tick(p) // keep the clock going across the pen's absence
		return signature.Sample{}, false
	}
	d.wasProx = p.Proximity || contact
	d.tick(p)
	s := signature.Sample{T: d.elapsed, X: int32(p.X), Y: int32(p.Y), Proximity: p.Proximity || contact, Contact: contact}
	if contact {
		s.Pressure = int32(p.Pressure)
	}
	return s, true
}

// tick advances the clock to report p.
func (d *Decoder) tick(p Pen) {
	if p.HasTime {
		if d.started {
			d.elapsed += uint32(p.TimeCount - d.lastTime) // uint16 arithmetic: wraps
		}
		d.lastTime, d.started = p.TimeCount, true
		return
	}
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	t := now()
	if !d.started {
		d.t0, d.started = t, true
	}
	d.elapsed = uint32(max(t.Sub(d.t0), 0) / time.Millisecond)
}

// Decode reads a recorded stream of pen reports (each its id then its fixed payload, as
// hidraw delivers them one per read) until EOF and calls emit for every sample. A stream
// cut inside a report fails with ErrShortReport after emitting what was whole; an id
// that is not a pen report fails with ErrUnknownReport (its length is unknown).
func Decode(r io.Reader, d *Decoder, emit func(signature.Sample)) error {
	br := bufio.NewReaderSize(r, 4096)
	var buf [penTimeSequenceSize]byte
	for {
		id, err := br.ReadByte()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read pen reports: %w", err)
		}
		n := ReportSize(id)
		if n == 0 {
			return fmt.Errorf("%w: %#02x", ErrUnknownReport, id)
		}
		buf[0] = id
		if got, err := io.ReadFull(br, buf[1:n]); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%w: the stream ends %d bytes into report %#02x", ErrShortReport, got+1, id)
			}
			return fmt.Errorf("read pen reports: %w", err)
		}
		if s, ok, err := d.Feed(buf[:n]); err != nil {
			return err
		} else if ok {
			emit(s)
		}
	}
}

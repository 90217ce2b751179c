// Package stutest is a fake Wacom STU pad for tests: a stu.Conn that answers the feature
// reports a pad answers, records every feature report written to it, and delivers the
// input reports a test queues, until the test unplugs it.
package stutest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
)

// Sentinel errors of the fake.
var (
	// ErrUnplugged is what ReadReport and the feature reports return once Unplug is called.
	ErrUnplugged = errors.New("no such device (the fake pad was unplugged)")
	// ErrClosed is what ReadReport returns once the pad is closed.
	ErrClosed = errors.New("the fake pad is closed")
)

var _ stu.Conn = (*Fake)(nil)

// Fake is an in-memory STU pad.
type Fake struct {
	// Capability and Information answer the feature reports 0x09 and 0x08.
	Capability  stu.Capability
	Information stu.Information
	// Serial answers the feature report 0x0F; "" makes it fail, like on the STU-430.
	Serial string
	// SetFeatureFunc, when set, is called for every feature report written and may
	// refuse it (for example the writing mode on a pad without report 0x34).
	SetFeatureFunc func(b []byte) error

	mu        sync.Mutex
	cond      *sync.Cond
	queue     [][]byte
	features  [][]byte
	closed    bool
	unplugged bool
}

// STU540 returns a fake colour pad with the STU-540's ranges.
func STU540() *Fake {
	return &Fake{
		Capability: stu.Capability{TabletMaxX: 10800, TabletMaxY: 6480, PressureMax: 1023,
			ScreenWidth: 800, ScreenHeight: 480, ReportRate: 200, Resolution: 2540},
		Information: stu.Information{Model: "STU-540", FirmwareMajor: 1, FirmwareMinor: 5},
		Serial:      "7Z00A00123",
	}
}

// STU430 returns a fake monochrome pad with the STU-430's ranges.
func STU430() *Fake {
	return &Fake{
		Capability: stu.Capability{TabletMaxX: 9600, TabletMaxY: 6000, PressureMax: 1023,
			ScreenWidth: 320, ScreenHeight: 200, ReportRate: 200, Resolution: 2540},
		Information: stu.Information{Model: "STU-430", FirmwareMajor: 1, FirmwareMinor: 2},
	}
}

func (f *Fake) lock() {
	f.mu.Lock()
	if f.cond == nil {
		f.cond = sync.NewCond(&f.mu)
	}
}

// Send queues input reports (each its id first) for ReadReport.
func (f *Fake) Send(reports ...[]byte) {
	f.lock()
	defer f.mu.Unlock()
	for _, r := range reports {
		f.queue = append(f.queue, append([]byte(nil), r...))
	}
	f.cond.Broadcast()
}

// SendStream queues a recorded stream of pen reports (ids and fixed payloads back to back).
func (f *Fake) SendStream(b []byte) error {
	var reports [][]byte
	for len(b) > 0 {
		n := stu.ReportSize(b[0])
		if n == 0 || n > len(b) {
			return fmt.Errorf("recorded stream: report %#02x with %d bytes left", b[0], len(b))
		}
		reports, b = append(reports, b[:n]), b[n:]
	}
	f.Send(reports...)
	return nil
}

// Unplug makes the pad go away once the queued reports are read.
func (f *Fake) Unplug() {
	f.lock()
	defer f.mu.Unlock()
	f.unplugged = true
	f.cond.Broadcast()
}

// Pending returns the number of queued reports not read yet.
func (f *Fake) Pending() int {
	f.lock()
	defer f.mu.Unlock()
	return len(f.queue)
}

// Closed tells whether the pad was closed.
func (f *Fake) Closed() bool {
	f.lock()
	defer f.mu.Unlock()
	return f.closed
}

// ReadReport implements stu.Conn.
func (f *Fake) ReadReport(b []byte) (int, error) {
	f.lock()
	defer f.mu.Unlock()
	for len(f.queue) == 0 && !f.closed && !f.unplugged {
		f.cond.Wait()
	}
	switch {
	case f.closed:
		return 0, ErrClosed
	case len(f.queue) > 0:
		n := copy(b, f.queue[0])
		f.queue = f.queue[1:]
		return n, nil
	}
	return 0, ErrUnplugged
}

// SetFeature implements stu.Conn: it records b.
func (f *Fake) SetFeature(b []byte) error {
	f.lock()
	defer f.mu.Unlock()
	if f.unplugged || f.closed {
		return ErrUnplugged
	}
	if f.SetFeatureFunc != nil {
		if err := f.SetFeatureFunc(b); err != nil {
			return err
		}
	}
	f.features = append(f.features, append([]byte(nil), b...))
	return nil
}

// GetFeature implements stu.Conn: capability, information and serial.
func (f *Fake) GetFeature(b []byte) (int, error) {
	f.lock()
	defer f.mu.Unlock()
	if f.unplugged || f.closed {
		return 0, ErrUnplugged
	}
	var r []byte
	switch b[0] {
	case stu.ReportCapability:
		r = stu.AppendCapability(nil, f.Capability)
	case stu.ReportInformation:
		r = stu.AppendInformation(nil, f.Information)
	case stu.ReportSerial:
		if f.Serial == "" {
			return 0, errors.New("broken pipe (report 0x0F not supported)")
		}
		r = append([]byte{stu.ReportSerial}, f.Serial...)
	default:
		return 0, fmt.Errorf("broken pipe (feature report %#02x not readable)", b[0])
	}
	return copy(b, r), nil
}

// Close implements stu.Conn.
func (f *Fake) Close() error {
	f.lock()
	defer f.mu.Unlock()
	f.closed = true
	f.cond.Broadcast()
	return nil
}

// Features returns a copy of every feature report written, in order.
func (f *Fake) Features() [][]byte {
	f.lock()
	defer f.mu.Unlock()
	out := make([][]byte, len(f.features))
	for i, b := range f.features {
		out[i] = append([]byte(nil), b...)
	}
	return out
}

// LastImage reassembles the last image uploaded (0x25 .. 0x27): its encoding and bytes.
// ok is false when no complete upload was seen.
func (f *Fake) LastImage() (enc byte, data []byte, ok bool) {
	var cur []byte
	var curEnc byte
	in := false
	for _, b := range f.Features() {
		switch b[0] {
		case stu.ReportImageStart:
			in, cur, curEnc = true, nil, b[1]
		case stu.ReportImageData:
			if in && len(b) >= 3 {
				n := int(binary.LittleEndian.Uint16(b[1:]))
				cur = append(cur, b[3:3+min(n, len(b)-3)]...)
			}
		case stu.ReportImageEnd:
			if in {
				enc, data, ok, in = curEnc, cur, true, false
			}
		}
	}
	return enc, data, ok
}

// Last returns the last feature report written with id, or nil.
func (f *Fake) Last(id byte) []byte {
	fs := f.Features()
	for i := len(fs) - 1; i >= 0; i-- {
		if fs[i][0] == id {
			return fs[i]
		}
	}
	return nil
}

package evdev

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

var update = flag.Bool("update", false, "rewrite the event streams under testdata/")

// record turns a signature into the events a tablet driver would send: the pen enters
// (BTN_TOOL_PEN), each report carries only the axes that changed, BTN_TOUCH follows the
// tip, and the pen leaves at the end. Times start at an arbitrary kernel time.
func record(sig signature.Signature) []byte {
	base := 1_700_000_000 * time.Second
	var b []byte
	var prev signature.Sample
	ev := func(t time.Duration, typ, code uint16, v int32) {
		b = AppendEvent(b, Event{Time: t, Type: typ, Code: code, Value: v})
	}
	for i, s := range sig.Samples {
		t := base + time.Duration(s.T)*time.Millisecond + 37*time.Microsecond
		if i == 0 {
			ev(t, evKey, btnToolPen, 1)
		}
		for _, a := range []struct {
			code      uint16
			now, then int32
		}{{absX, s.X, prev.X}, {absY, s.Y, prev.Y}, {absPressure, s.Pressure, prev.Pressure}, {absTiltX, s.TiltX, prev.TiltX}, {absTiltY, s.TiltY, prev.TiltY}} {
			if i == 0 || a.now != a.then {
				ev(t, evAbs, a.code, a.now)
			}
		}
		if i == 0 || s.Contact != prev.Contact {
			v := int32(0)
			if s.Contact {
				v = 1
			}
			ev(t, evKey, btnTouch, v)
		}
		ev(t, 0x04, 0x00, 0x1234) // MSC_SERIAL, ignored
		ev(t, evSyn, synReport, 0)
		prev = s
	}
	last := base + time.Duration(prev.T+5)*time.Millisecond
	if prev.Contact {
		ev(last, evAbs, absPressure, 0)
		ev(last, evKey, btnTouch, 0)
	}
	ev(last, evKey, btnToolPen, 0)
	ev(last, evSyn, synReport, 0)
	return b
}

// tabletVersion gives an SVC2004 signature tilt values and a tablet device, so that the
// stream exercises every axis.
func tabletVersion(sig signature.Signature) signature.Signature {
	sig.Device = signature.Device{Kind: signature.KindTablet, XMax: 12700, YMax: 10160, HasPressure: true, PressureMax: 1023, HasTilt: true, TiltMin: -64, TiltMax: 63}
	for i := range sig.Samples {
		s := &sig.Samples[i]
		s.TiltX, s.TiltY = (s.Azimuth/30)%64-32, s.Altitude/15-30
		s.Azimuth, s.Altitude = 0, 0
	}
	return sig
}

func TestFixtures(t *testing.T) {
	sig := tabletVersion(svctest.Load(t, "Task2/U1S1.TXT"))
	full := record(sig)
	files := map[string][]byte{
		"pen_u1s1.events":  full,
		"truncated.events": full[:len(full)-EventSize*3-5],
		"dropped.events":   withDropped(full),
	}
	for name, want := range files {
		p := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale or missing (go test -run TestFixtures -args -update): %v", p, err)
		}
	}
}

// withDropped inserts a SYN_DROPPED notice followed by a partial report after the 40th
// report, as the kernel does when its buffer overflows.
func withDropped(full []byte) []byte {
	var out []byte
	reports := 0
	for off := 0; off < len(full); off += EventSize {
		out = append(out, full[off:off+EventSize]...)
		e := parseEvent(full[off:])
		if e.Type == evSyn && e.Code == synReport {
			if reports++; reports == 40 {
				out = AppendEvent(out, Event{Time: e.Time, Type: evSyn, Code: synDropped})
				out = AppendEvent(out, Event{Time: e.Time, Type: evAbs, Code: absX, Value: 9999})
				out = AppendEvent(out, Event{Time: e.Time, Type: evSyn, Code: synReport})
			}
		}
	}
	return out
}

func decodeFile(t *testing.T, name string) ([]signature.Sample, *Decoder, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var got []signature.Sample
	d := &Decoder{}
	err = Decode(bytes.NewReader(b), d, func(s signature.Sample) { got = append(got, s) })
	return got, d, err
}

// TestDecodeRecordedStream decodes the recorded stream and requires every report back as
// the sample it was recorded from, then the pen leaving.
func TestDecodeRecordedStream(t *testing.T) {
	want := tabletVersion(svctest.Load(t, "Task2/U1S1.TXT")).Samples
	got, _, err := decodeFile(t, "pen_u1s1.events")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want)+1 {
		t.Fatalf("%d samples from %d reports (+1 leave)", len(got), len(want))
	}
	for i, w := range want {
		if got[i] != w {
			t.Fatalf("report %d: %+v, want %+v", i, got[i], w)
		}
	}
	if leave := got[len(got)-1]; leave.Proximity || leave.Contact {
		t.Fatalf("last sample %+v: the pen should have left", leave)
	}
}

func TestDecodeTruncated(t *testing.T) {
	got, _, err := decodeFile(t, "truncated.events")
	if !errors.Is(err, ErrTruncated) {
		t.Fatalf("truncated stream: %v", err)
	}
	if len(got) == 0 {
		t.Fatal("whole reports before the cut were not kept")
	}
}

func TestDecodeDropped(t *testing.T) {
	full, _, _ := decodeFile(t, "pen_u1s1.events")
	got, d, err := decodeFile(t, "dropped.events")
	if err != nil {
		t.Fatal(err)
	}
	if d.Dropped != 1 || len(got) != len(full) {
		t.Fatalf("dropped=%d, %d samples (want %d): the partial report must be discarded, the rest kept", d.Dropped, len(got), len(full))
	}
	for _, s := range got {
		if s.X == 9999 {
			t.Fatal("a value from the incomplete report leaked into a sample")
		}
	}
}

func TestFind(t *testing.T) {
	cs, err := Find(context.Background(), filepath.Join("testdata", "sys"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Path != "/dev/input/event7" || cs[0].Name != "Wacom Intuos Pro M Pen" {
		t.Fatalf("found %+v, want only the Wacom pen at event7", cs)
	}
}

func TestDeviceFor(t *testing.T) {
	d, err := DeviceFor("pen", map[uint16]AbsInfo{absX: {Max: 44800, Resolution: 200}, absY: {Max: 29600, Resolution: 200},
		absPressure: {Max: 8191}, absTiltX: {Min: -64, Max: 63}})
	if err != nil || !d.HasPressure || d.PressureMax != 8191 || !d.HasTilt || d.Resolution != 200 || d.XMax != 44800 {
		t.Fatalf("%+v, %v", d, err)
	}
	if _, err := DeviceFor("keyboard", map[uint16]AbsInfo{}); err == nil {
		t.Fatal("a device without X/Y was accepted")
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"pen_u1s1.events", "truncated.events", "dropped.events"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b[:min(len(b), 4096)])
		}
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		err := Decode(bytes.NewReader(b), &Decoder{}, func(signature.Sample) { n++ })
		if err != nil && !errors.Is(err, ErrTruncated) {
			t.Fatalf("unexpected error %v", err)
		}
		if (err == nil) != (len(b)%EventSize == 0) {
			t.Fatalf("%d bytes: error %v", len(b), err)
		}
		if n > len(b)/EventSize {
			t.Fatalf("%d samples from %d events", n, len(b)/EventSize)
		}
	})
}

// TestOpenNotATablet opens a character device that is not an input device: the range
// ioctls fail and Open says it is not a pen tablet.
func TestOpenNotATablet(t *testing.T) {
	if _, err := Open(context.Background(), os.DevNull); err == nil {
		t.Fatal("/dev/null opened as a pen tablet")
	}
	if _, err := Open(context.Background(), "/dev/input/event-missing"); err == nil {
		t.Fatal("a missing device opened")
	}
}

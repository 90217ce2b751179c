package stu

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

func decodeFixture(t *testing.T, name string, d *Decoder) ([]signature.Sample, error) {
	t.Helper()
	var got []signature.Sample
	err := Decode(bytes.NewReader(readFixture(t, name)), d, func(s signature.Sample) { got = append(got, s) })
	return got, err
}

// TestDecodeRecordedStream decodes the SVC2004 signatures recorded as STU-540 reports
// and requires every sample back: position, pressure, contact and the pad's time, across
// the wrap of its clock and of its sequence counter.
func TestDecodeRecordedStream(t *testing.T) {
	for name, svc := range map[string]string{"u1s1_stu540.reports": "Task2/U1S1.TXT", "u5s25_stu540.reports": "Task2/U5S25.TXT"} {
		_, want := onPad(svctest.Load(t, svc))
		d := &Decoder{}
		got, err := decodeFixture(t, name, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d samples, want %d", name, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: sample %d is %+v, want %+v", name, i, got[i], want[i])
			}
		}
		if d.Dropped != 0 || d.Reports != len(want) {
			t.Fatalf("%s: %d reports, %d dropped", name, d.Reports, d.Dropped)
		}
		if leave := got[len(got)-1]; leave.Proximity || leave.Contact {
			t.Fatalf("%s: the last sample %+v should be the pen leaving", name, leave)
		}
		// The recordings start 236 ms before the pad's clock wraps at 65.536 s.
		if got[len(got)-1].T <= 65536-timeBase {
			t.Fatalf("%s: %d ms: the stream is too short to test the clock's wrap", name, got[len(got)-1].T)
		}
	}
}

// TestDecodeGap removes one report: it is counted as dropped, and the samples after it
// keep the pad's times (the gap shows in the time line too).
func TestDecodeGap(t *testing.T) {
	_, want := onPad(svctest.Load(t, "Task2/U1S1.TXT"))
	d := &Decoder{}
	got, err := decodeFixture(t, "u1s1_gap.reports", d)
	if err != nil {
		t.Fatal(err)
	}
	if d.Dropped != 1 || len(got) != len(want)-1 {
		t.Fatalf("dropped=%d, %d samples (want 1 and %d)", d.Dropped, len(got), len(want)-1)
	}
	if got[40] != want[41] || got[40].T-got[39].T != 2*period {
		t.Fatalf("after the gap: %+v, want %+v", got[40], want[41])
	}
}

func TestDecodeTruncated(t *testing.T) {
	got, err := decodeFixture(t, "u1s1_truncated.reports", &Decoder{})
	if !errors.Is(err, ErrShortReport) {
		t.Fatalf("truncated stream: %v", err)
	}
	if len(got) == 0 {
		t.Fatal("the whole reports before the cut were lost")
	}
}

// TestDecodePlain decodes the same signature as plain 0x01 reports: no sequence, so
// nothing can be counted as dropped, and times come from the host's clock at arrival.
func TestDecodePlain(t *testing.T) {
	_, want := onPad(svctest.Load(t, "Task2/U1S1.TXT"))
	now := time.Unix(1000, 0)
	d := &Decoder{Now: func() time.Time { now = now.Add(5 * time.Millisecond); return now }}
	got, err := decodeFixture(t, "u1s1_plain.reports", d)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || d.Dropped != 0 {
		t.Fatalf("%d samples (want %d), %d dropped", len(got), len(want), d.Dropped)
	}
	for i := range want {
		w := want[i]
		if got[i] != w {
			t.Fatalf("sample %d: %+v, want %+v", i, got[i], w)
		}
	}
}

func TestDecodeUnknown(t *testing.T) {
	if _, _, err := (&Decoder{}).Feed([]byte{0x3a, 1, 2}); !errors.Is(err, ErrUnknownReport) {
		t.Fatalf("report 0x3a: %v", err)
	}
	if _, _, err := (&Decoder{}).Feed([]byte{ReportPenTimeSequence, 1, 2}); !errors.Is(err, ErrShortReport) {
		t.Fatalf("short 0x34: %v", err)
	}
	if err := Decode(bytes.NewReader([]byte{0x3a, 0, 0}), &Decoder{}, func(signature.Sample) {}); !errors.Is(err, ErrUnknownReport) {
		t.Fatalf("stream with 0x3a: %v", err)
	}
}

// TestISORoundTrip decodes the recorded stream, encodes it as ISO/IEC 19794-7 with the
// pad's description and decodes the record: every sample comes back.
func TestISORoundTrip(t *testing.T) {
	got, err := decodeFixture(t, "u1s1_stu540.reports", &Decoder{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(t.Context(), &nullConn{cap: stu540}, "", 0x00a7, "")
	if err != nil {
		t.Fatal(err)
	}
	sig := signature.Signature{Device: p.Device(), Samples: got}
	rec, err := iso19794.FromSignature(sig)
	if err != nil {
		t.Fatal(err)
	}
	b, err := iso19794.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := iso19794.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	back := dec.Signature()
	if len(back.Samples) != len(got) {
		t.Fatalf("%d samples back, want %d", len(back.Samples), len(got))
	}
	for i, s := range got {
		b := back.Samples[i]
		if b.X != s.X || b.Y != s.Y || b.T != s.T || b.Pressure != s.Pressure || b.Contact != s.Contact {
			t.Fatalf("sample %d: %+v back, want %+v", i, b, s)
		}
	}
	if back.Device.Resolution != 100 || back.Device.XMax != 10800 || back.Device.PressureMax != 1023 {
		t.Fatalf("device back %+v", back.Device)
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"u1s1_stu540.reports", "u1s1_gap.reports", "u1s1_truncated.reports", "u1s1_plain.reports"} {
		b := readFixture(f, name)
		f.Add(b[:min(len(b), 2048)])
	}
	f.Add([]byte{})
	f.Add([]byte{ReportPen})
	f.Add([]byte{0x3a, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		d := &Decoder{Now: func() time.Time { return time.Unix(0, 0) }}
		err := Decode(bytes.NewReader(b), d, func(s signature.Sample) {
			n++
			if s.Pressure < 0 || s.Pressure > 0x0fff || (!s.Contact && s.Pressure != 0) {
				t.Fatalf("sample %+v out of the report's ranges", s)
			}
		})
		if err != nil && !errors.Is(err, ErrShortReport) && !errors.Is(err, ErrUnknownReport) {
			t.Fatalf("unexpected error %v", err)
		}
		if n > d.Reports || d.Reports > len(b)/penSize {
			t.Fatalf("%d samples from %d reports in %d bytes", n, d.Reports, len(b))
		}
		// Every single report decodes or fails cleanly on its own too.
		if _, _, err := (&Decoder{}).Feed(b); err != nil && !errors.Is(err, ErrShortReport) && !errors.Is(err, ErrUnknownReport) {
			t.Fatalf("Feed: %v", err)
		}
	})
}

// BenchmarkDecode decodes the recorded STU-540 stream, one report at a time as hidraw
// delivers them; reports/s is to be read against the pad's 200 reports/s.
func BenchmarkDecode(b *testing.B) {
	data := readFixture(b, "u5s25_stu540.reports")
	var reports [][]byte
	for off := 0; off < len(data); off += penTimeSequenceSize {
		reports = append(reports, data[off:off+penTimeSequenceSize])
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		d := &Decoder{}
		for _, r := range reports {
			if _, _, err := d.Feed(r); err != nil {
				b.Fatal(err)
			}
		}
		n += len(reports)
	}
	rate := float64(n) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "reports/s")
	b.ReportMetric(rate/200, "x_pad_rate")
}

package stu

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

var update = flag.Bool("update", false, "rewrite the recorded streams and golden images in testdata")

// stu540 is the capability the recorded streams are made for.
var stu540 = Capability{TabletMaxX: 10800, TabletMaxY: 6480, PressureMax: 1023,
	ScreenWidth: 800, ScreenHeight: 480, ReportRate: 200, Resolution: 2540}

// Clock and counter origins of the recorded streams: both wrap within the signature.
const (
	timeBase = 65300
	seqBase  = 65510
	period   = 5 // ms between reports at 200 Hz
)

// onPad converts an SVC2004 signature to what an STU-540 would report for it at 200 Hz:
// coordinates scaled into the pad's range, pressure only in contact, one report every
// 5 ms. It returns the pen reports and the samples they must decode to.
func onPad(sig signature.Signature) ([]Pen, []signature.Sample) {
	d := sig.Device
	var pens []Pen
	var want []signature.Sample
	for i, s := range sig.Samples {
		x := uint16(int64(s.X-d.XMin) * int64(stu540.TabletMaxX) / int64(d.Width()))
		y := uint16(int64(s.Y-d.YMin) * int64(stu540.TabletMaxY) / int64(d.Height()))
		p := Pen{Proximity: true, X: x, Y: y, HasTime: true,
			TimeCount: uint16(timeBase + i*period), Sequence: uint16(seqBase + i)}
		w := signature.Sample{T: uint32(i * period), X: int32(x), Y: int32(y), Proximity: true}
		if s.Contact {
			p.Switch, p.Pressure = 1, uint16(min(max(s.Pressure, 1), 1023))
			w.Contact, w.Pressure = true, int32(p.Pressure)
		}
		pens, want = append(pens, p), append(want, w)
	}
	n := len(sig.Samples)
	last := pens[n-1]
	leave := Pen{X: last.X, Y: last.Y, HasTime: true, TimeCount: uint16(timeBase + n*period), Sequence: uint16(seqBase + n)}
	pens = append(pens, leave)
	want = append(want, signature.Sample{T: uint32(n * period), X: int32(last.X), Y: int32(last.Y)})
	return pens, want
}

func record(pens []Pen) []byte {
	var b []byte
	for _, p := range pens {
		b = AppendPen(b, p)
	}
	return b
}

// plain returns the reports as 0x01 (no time, no sequence).
func plain(pens []Pen) []Pen {
	out := append([]Pen(nil), pens...)
	for i := range out {
		out[i].HasTime, out[i].TimeCount, out[i].Sequence = false, 0, 0
	}
	return out
}

// fixtures are the recorded streams of testdata/, made from SVC2004 U1S1 and U5S25.
func fixtures(t *testing.T) map[string][]byte {
	pens, _ := onPad(svctest.Load(t, "Task2/U1S1.TXT"))
	full := record(pens)
	gap := record(append(append([]Pen(nil), pens[:40]...), pens[41:]...))
	long, _ := onPad(svctest.Load(t, "Task2/U5S25.TXT"))
	return map[string][]byte{
		"u1s1_stu540.reports":    full,
		"u1s1_gap.reports":       gap,
		"u1s1_truncated.reports": full[:len(full)-penTimeSequenceSize*3-4],
		"u1s1_plain.reports":     record(plain(pens)),
		"u5s25_stu540.reports":   record(long),
	}
}

func TestFixtures(t *testing.T) {
	for name, want := range fixtures(t) {
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

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package iso19794_test

import (
	"bytes"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

// TestRoundTripSVC2004 replays all 1,600 SVC2004 files, encodes each, decodes it and
// requires every sample back: same count, same values (T within the time scaling's step).
func TestRoundTripSVC2004(t *testing.T) {
	files := svctest.Files(t)
	if len(files) != 1600 {
		t.Fatalf("found %d SVC2004 files, want 1600", len(files))
	}
	total := 0
	for _, f := range files {
		sig, err := replay.ParseSVC(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got := roundTrip(t, f.Name, sig)
		requireSame(t, f.Name, sig, got)
		total += len(got.Samples)
	}
	t.Logf("%d files, %d samples round-tripped", len(files), total)
}

func roundTrip(t *testing.T, name string, sig signature.Signature) signature.Signature {
	t.Helper()
	rec, err := iso19794.FromSignature(sig)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b, err := iso19794.Encode(rec)
	if err != nil {
		t.Fatalf("%s: encode: %v", name, err)
	}
	dec, err := iso19794.Decode(b)
	if err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	return dec.Signature()
}

func requireSame(t *testing.T, name string, want, got signature.Signature) {
	t.Helper()
	if len(got.Samples) != len(want.Samples) {
		t.Fatalf("%s: %d samples decoded, %d encoded: samples were dropped", name, len(got.Samples), len(want.Samples))
	}
	for i := range want.Samples {
		if got.Samples[i] != want.Samples[i] {
			t.Fatalf("%s: sample %d: got %+v, want %+v", name, i, got.Samples[i], want.Samples[i])
		}
	}
	d, g := want.Device, got.Device
	if g.XMax != d.XMax || g.YMax != d.YMax || g.PressureMax != d.PressureMax || g.Resolution != d.Resolution ||
		g.HasPressure != d.HasPressure || g.HasOrientation != d.HasOrientation || g.HasTilt != d.HasTilt {
		t.Fatalf("%s: device %+v decoded as %+v", name, d, g)
	}
}

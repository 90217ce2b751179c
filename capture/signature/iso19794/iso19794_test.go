package iso19794

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

func tabletSig() signature.Signature {
	d := signature.Device{Kind: signature.KindTablet, Name: "pen", XMax: 44800, YMax: 29600, Resolution: 200,
		HasPressure: true, PressureMax: 8191, HasTilt: true, TiltMin: -64, TiltMax: 63}
	var ss []signature.Sample
	for i := range 50 {
		ss = append(ss, signature.Sample{T: uint32(i * 5), X: int32(100 + i*30), Y: int32(2000 + i*i),
			Pressure: int32(i * 100), TiltX: int32(i - 25), TiltY: -int32(i % 40), Contact: i%10 != 9, Proximity: true})
	}
	return signature.Signature{Device: d, Samples: ss}
}

func TestTiltRoundTrip(t *testing.T) {
	sig := tabletSig()
	rec, err := FromSignature(sig)
	if err != nil {
		t.Fatal(err)
	}
	want := []Channel{X, Y, T, F, S, TX, TY}
	if got := rec.Channels.List(); !equalChannels(got, want) {
		t.Fatalf("channels %v, want %v", got, want)
	}
	b, err := Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("SDI\x00")) || binary.BigEndian.Uint32(b[8:]) != uint32(len(b)) {
		t.Fatalf("header % x does not start with SDI and the record length", b[:14])
	}
	dec, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	got := dec.Signature()
	for i := range sig.Samples {
		if got.Samples[i] != sig.Samples[i] {
			t.Fatalf("sample %d: %+v, want %+v", i, got.Samples[i], sig.Samples[i])
		}
	}
	if got.Device.TiltMin != -64 || got.Device.TiltMax != 63 || got.Device.PressureMax != 8191 || got.Device.Resolution != 200 {
		t.Fatalf("device decoded as %+v", got.Device)
	}
}

func equalChannels(a, b []Channel) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestScaleRoundTrip(t *testing.T) {
	for _, v := range []float64{1000, 500, 125, 10, 100, 39.37, 1, math.Ldexp(1, -16), 65000} {
		u, err := encodeScale(v)
		if err != nil {
			t.Fatalf("%g: %v", v, err)
		}
		if got := decodeScale(u); math.Abs(got-v)/v > 1.0/4096 {
			t.Errorf("scale %g decoded as %g", v, got)
		}
	}
	for _, v := range []float64{0, -1, 65536, math.NaN(), math.Inf(1)} {
		if _, err := encodeScale(v); err == nil {
			t.Errorf("scale %g accepted", v)
		}
	}
}

// TestLongSignatureCoarserTime checks that a 100 s signature uses 2 ms time steps and
// keeps every sample within that precision.
func TestLongSignatureCoarserTime(t *testing.T) {
	sig := tabletSig()
	for i := range sig.Samples {
		sig.Samples[i].T = uint32(i) * 2001
	}
	rec, err := FromSignature(sig)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Desc[T].Scale != 500 {
		t.Fatalf("time scale %g, want 500", rec.Desc[T].Scale)
	}
	b, _ := Encode(rec)
	dec, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range dec.Samples {
		if d := int64(s.T) - int64(sig.Samples[i].T); d < -1 || d > 1 {
			t.Fatalf("sample %d time %d, want %d±1", i, s.T, sig.Samples[i].T)
		}
	}
}

func TestUnencodable(t *testing.T) {
	sig := tabletSig()
	sig.Samples[3].X = 70000
	rec, _ := FromSignature(sig)
	if _, err := Encode(rec); !errors.Is(err, ErrUnencodable) {
		t.Fatalf("X=70000 encoded: %v", err)
	}
	sig = tabletSig()
	sig.Device.XMin = -5
	if _, err := FromSignature(sig); !errors.Is(err, ErrUnencodable) {
		t.Fatalf("negative X range accepted: %v", err)
	}
	sig = tabletSig()
	sig.Samples[len(sig.Samples)-1].T = 600_000
	if _, err := FromSignature(sig); !errors.Is(err, ErrUnencodable) {
		t.Fatalf("10-minute signature accepted: %v", err)
	}
}

// TestDecodeRejects reads each malformed record under testdata/malformed and requires
// ErrMalformed.
func TestDecodeRejects(t *testing.T) {
	files, _ := filepath.Glob("testdata/malformed/*.bin")
	if len(files) < 5 {
		t.Fatalf("only %d malformed fixtures", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Decode(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", f, err)
		}
	}
}

// TestDecodeWithoutTipSwitch decodes a foreign record with X, Y, T, F only: the pen is
// down while pressure is above zero.
func TestDecodeWithoutTipSwitch(t *testing.T) {
	b, err := os.ReadFile("testdata/no_tip_switch.bin")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Samples) != 3 || rec.Samples[0].Contact || !rec.Samples[1].Contact || rec.Samples[2].T != 20 {
		t.Fatalf("decoded %+v", rec.Samples)
	}
}

func FuzzDecode(f *testing.F) {
	rec, _ := FromSignature(tabletSig())
	good, _ := Encode(rec)
	f.Add(good)
	f.Add([]byte("SDI\x00010\x00"))
	files, _ := filepath.Glob("testdata/malformed/*.bin")
	for _, p := range append(files, "testdata/no_tip_switch.bin") {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if len(rec.Samples)*2*len(rec.Channels.List()) > len(b) {
			t.Fatalf("%d samples from %d bytes", len(rec.Samples), len(b))
		}
	})
}

package replay

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

func TestParseSVC(t *testing.T) {
	b, err := os.ReadFile("testdata/ok.TXT")
	if err != nil {
		t.Fatal(err)
	}
	sig, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []signature.Sample{
		// The file's Y counts upwards from the tablet's bottom edge (10160): turned over.
		{T: 0, X: 100, Y: 10160 - 200, Azimuth: 1550, Altitude: 710, Proximity: true},
		{T: 10, X: 110, Y: 10160 - 210, Azimuth: 1480, Altitude: 770, Pressure: 420, Contact: true, Proximity: true},
		{T: 20, X: 120, Y: 10160 - 230, Azimuth: 1350, Altitude: 830, Pressure: 433, Contact: true, Proximity: true},
	}
	if len(sig.Samples) != len(want) {
		t.Fatalf("%d samples", len(sig.Samples))
	}
	for i := range want {
		if sig.Samples[i] != want[i] {
			t.Fatalf("sample %d: %+v, want %+v", i, sig.Samples[i], want[i])
		}
	}
	if !sig.Device.HasPressure || !sig.Device.HasOrientation || sig.Device.Kind != signature.KindReplay {
		t.Fatalf("device %+v", sig.Device)
	}
}

// TestParseRejects reads each broken file and requires ErrMalformed.
func TestParseRejects(t *testing.T) {
	for _, name := range []string{"count_mismatch.TXT", "bad_field.TXT", "six_fields.TXT", "no_count.TXT", "time_span.TXT", "wrong_format.json", "unknown_field.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
}

func TestStrokesRoundTrip(t *testing.T) {
	b, _ := os.ReadFile("testdata/ok.TXT")
	sig, _ := Parse(b)
	var buf bytes.Buffer
	if err := WriteStrokes(&buf, sig); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got.Device != sig.Device || len(got.Samples) != len(sig.Samples) || got.Samples[2] != sig.Samples[2] {
		t.Fatalf("stroke file round trip: %+v", got)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sig, err := Parse(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if len(sig.Samples) > len(b) {
			t.Fatalf("%d samples from %d bytes", len(sig.Samples), len(b))
		}
	})
}

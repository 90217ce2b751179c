package signature_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

func pad() signature.Device { return signature.Device{XMax: 6000, YMax: 2000} }

// path returns samples every 10 ms along the given points.
func path(pts ...[2]int32) []signature.Sample {
	var out []signature.Sample
	for i, p := range pts {
		out = append(out, signature.Sample{T: uint32(i * 10), X: p[0], Y: p[1], Contact: true, Proximity: true})
	}
	return out
}

func zigzag(n int, dx, dy int32) [][2]int32 {
	var pts [][2]int32
	for i := range n {
		pts = append(pts, [2]int32{1000 + int32(i)*dx, 1000 + int32(i%2)*dy})
	}
	return pts
}

func TestCheck(t *testing.T) {
	r := signature.DefaultRules()
	cases := []struct {
		name    string
		samples []signature.Sample
		want    error
	}{
		{"nothing", nil, signature.ErrEmpty},
		{"hover only", []signature.Sample{{X: 5, Y: 5, Proximity: true}}, signature.ErrEmpty},
		{"dot", path(zigzag(40, 1, 1)...), signature.ErrSingleDot},
		{"too quick", path(zigzag(20, 60, 400)...)[:10], signature.ErrTooShort},
		{"too small", path(zigzag(60, 5, 300)...), signature.ErrTooSmall},
		{"straight line", path(zigzag(60, 60, 3)...), signature.ErrStraightLine},
		{"zigzag", path(zigzag(60, 60, 400)...), nil},
	}
	for _, c := range cases {
		err := signature.Check(signature.Signature{Device: pad(), Samples: c.samples}, r)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	few := path(zigzag(10, 300, 800)...)
	for i := range few {
		few[i].T *= 10
	}
	if err := signature.Check(signature.Signature{Device: pad(), Samples: few}, r); !errors.Is(err, signature.ErrTooFewSamples) {
		t.Errorf("10 slow samples: %v", err)
	}
}

// TestRealSignaturesPass requires every SVC2004 signature (genuine and skilled forgery:
// all are real handwriting) to pass the default rules.
func TestRealSignaturesPass(t *testing.T) {
	for _, f := range svctest.Files(t) {
		sig, err := replay.ParseSVC(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		if err := signature.Check(sig, signature.DefaultRules()); err != nil {
			t.Errorf("%s refused: %v", f.Name, err)
		}
	}
}

func TestStrokes(t *testing.T) {
	s := path(zigzag(6, 10, 10)...)
	s[2].Contact, s[3].Contact = false, false
	got := signature.Signature{Samples: s}.Strokes()
	if len(got) != 2 || len(got[0]) != 2 || len(got[1]) != 2 || got[1][0].T != 40 {
		t.Fatalf("strokes %v", got)
	}
}

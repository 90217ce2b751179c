package plot

import (
	"math"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

func TestSpeed(t *testing.T) {
	sig := signature.Signature{Device: signature.Device{Resolution: 10}, Samples: []signature.Sample{
		{T: 0, X: 0, Contact: true}, {T: 100, X: 300, Y: 400, Contact: true}, {T: 200, X: 0, Contact: false}, {T: 300, X: 0, Contact: true},
	}}
	s := Speed(sig)
	// 500 units in 100 ms at 10 units/mm: 50 mm in 0.1 s = 500 mm/s.
	if !math.IsNaN(s.V[0]) || math.Abs(s.V[1]-500) > 1e-9 || !math.IsNaN(s.V[2]) || !math.IsNaN(s.V[3]) || s.Max != 500 {
		t.Fatalf("speed %v max %v", s.V, s.Max)
	}
}

// TestDrawShowsCurves checks that both curves appear in their colours in their panels.
func TestDrawShowsCurves(t *testing.T) {
	sig := svctest.Load(t, "Task2/U1S1.TXT")
	img := Draw(sig, 1000, 400)
	count := func(y0, y1 int, c [3]uint8) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := 0; x < 1000; x++ {
				p := img.RGBAAt(x, y)
				if p.R == c[0] && p.G == c[1] && p.B == c[2] {
					n++
				}
			}
		}
		return n
	}
	if n := count(0, 200, [3]uint8{colPressure.R, colPressure.G, colPressure.B}); n < 500 {
		t.Fatalf("pressure curve has %d pixels", n)
	}
	if n := count(200, 400, [3]uint8{colSpeed.R, colSpeed.G, colSpeed.B}); n < 500 {
		t.Fatalf("speed curve has %d pixels", n)
	}
}

package replay_test

import (
	"bytes"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

// TestSVCSignaturesAreUpright: parsed SVC2004 signatures have Y growing downwards. People
// write vertical strokes top to bottom with the pen down and go back up with it lifted,
// and write horizontal strokes left to right: over every file of Task 2, pen-down
// near-vertical travel must go mostly down (Y rising), pen-up travel mostly up, and
// pen-down horizontal travel mostly right. A file parsed upside down inverts the first
// two (it did before ParseSVC turned Y over: 0.27 and 0.10).
func TestSVCSignaturesAreUpright(t *testing.T) {
	var downInk, upInk, downAir, upAir, right, left int64
	for _, f := range svctest.Files(t) {
		sig, err := replay.ParseSVC(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		s := sig.Samples
		for i := 1; i < len(s); i++ {
			dx, dy := int64(s[i].X-s[i-1].X), int64(s[i].Y-s[i-1].Y)
			ink := s[i].Contact && s[i-1].Contact
			if abs(dy) > 2*abs(dx) && abs(dy) > 5 {
				switch {
				case ink && dy > 0:
					downInk += dy
				case ink:
					upInk -= dy
				case dy > 0:
					downAir += dy
				default:
					upAir -= dy
				}
			}
			if ink && abs(dx) > 2*abs(dy) && abs(dx) > 5 {
				if dx > 0 {
					right += dx
				} else {
					left -= dx
				}
			}
		}
	}
	inkDown, airUp, inkRight := float64(downInk)/float64(upInk), float64(upAir)/float64(downAir), float64(right)/float64(left)
	t.Logf("pen-down vertical travel down/up %.2f, pen-up up/down %.2f, pen-down horizontal right/left %.2f", inkDown, airUp, inkRight)
	if inkDown < 2 || airUp < 2 || inkRight < 2 {
		t.Errorf("the SVC2004 signatures are not upright: down-strokes %.2f, pen-up returns %.2f, left to right %.2f (each should be well above 1)", inkDown, airUp, inkRight)
	}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

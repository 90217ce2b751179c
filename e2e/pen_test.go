//go:build e2e

package e2e

import (
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
	"github.com/enrolkiosk/enrolkiosk/ui"
)

// svcSignature is the SVC2004 signature the screenshot run replays on the pad: a genuine
// one (S1-S20 are), written in Latin script, 192 samples over 3 s.
const svcSignature = "Task2/U12S1.TXT"

// replaySVC draws the SVC2004 signature name (from ../shared/testdata/svc2004) on the
// signature pad with the pointer at its recorded pace: the button goes down and up where
// the pen touched and left the tablet, and the signature's box is fitted into the middle
// of the pad. One xdotool run sends the whole signature, so the timing between samples
// is the recording's, not xdotool's start-up time.
func (w *driver) replaySVC(name string) {
	w.t.Helper()
	sig := svctest.Load(w.t, name)
	x0, y0, x1, y1, ok := sig.Bounds()
	if !ok || x1 == x0 || y1 == y0 {
		w.t.Fatalf("%s has no stroke to replay", name)
	}
	pad := w.one("the signature pad", func(it ui.ProbeItem) bool { return it.Kind == ui.ProbePad })
	k := min(pad.Width*0.7/float32(x1-x0), pad.Height*0.5/float32(y1-y0))
	left := pad.X + (pad.Width-k*float32(x1-x0))/2
	top := pad.Y + (pad.Height-k*float32(y1-y0))/2
	clamp := func(v, lo, hi float32) float32 { return max(lo+1, min(v, hi-1)) }
	var args []string
	down, last := false, sig.Samples[0].T
	for _, s := range sig.Samples {
		if s.T > last {
			args = append(args, "sleep", fmt.Sprintf("%.3f", float64(s.T-last)/1000))
			last = s.T
		}
		// replay.ParseSVC has turned the tablet's upward Y over: it grows downwards, as on screen.
		p := w.pixel(clamp(left+k*float32(s.X-x0), pad.X, pad.X+pad.Width),
			clamp(top+k*float32(s.Y-y0), pad.Y, pad.Y+pad.Height))
		args = append(args, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y))
		if s.Contact != down {
			down = s.Contact
			if down {
				args = append(args, "mousedown", "1")
			} else {
				args = append(args, "mouseup", "1")
			}
		}
	}
	if down {
		args = append(args, "mouseup", "1")
	}
	if _, err := w.d.run(w.t, time.Minute+time.Duration(sig.Duration())*time.Millisecond, "xdotool", args...); err != nil {
		w.t.Fatalf("replay %s on the pad: %v", name, err)
	}
}

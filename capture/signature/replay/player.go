package replay

import (
	"context"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/internal/clock"
)

// Player plays a recorded signature back as a pen source.
type Player struct {
	// Sig is the signature to play.
	Sig signature.Signature
	// Speed multiplies the recorded pace; 0 plays as fast as the consumer takes samples.
	Speed float64
}

// Device returns the recorded device.
func (p *Player) Device() signature.Device { return p.Sig.Device }

// Stream calls emit with every sample in order, waiting between samples as recorded
// (divided by Speed). It returns ctx.Err() if ctx ends first.
func (p *Player) Stream(ctx context.Context, emit func(signature.Sample)) error {
	start := time.Now()
	for _, s := range p.Sig.Samples {
		if p.Speed > 0 {
			due := start.Add(time.Duration(float64(s.T) / p.Speed * float64(time.Millisecond)))
			if err := clock.SleepUntil(ctx, due); err != nil {
				return err
			}
		} else if err := ctx.Err(); err != nil {
			return err
		}
		emit(s)
	}
	return nil
}

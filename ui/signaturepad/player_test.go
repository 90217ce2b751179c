package signaturepad

import (
	"context"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// player plays a recorded signature into a pad as a pen source would, as fast as the
// pad takes samples.
type player struct {
	sig signature.Signature
}

var _ Source = (*player)(nil)

// Device implements Source.
func (p *player) Device() signature.Device { return p.sig.Device }

// Stream implements Source: every sample in order, or ctx.Err() once ctx ends.
func (p *player) Stream(ctx context.Context, emit func(signature.Sample)) error {
	for _, s := range p.sig.Samples {
		if err := ctx.Err(); err != nil {
			return err
		}
		emit(s)
	}
	return nil
}

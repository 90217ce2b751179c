package signaturepad

import (
	"context"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// Source streams pen samples from a device other than the pad's own pointer events: an
// evdev tablet reader, a Wacom STU pad (*stu.Pad) or a replay player.
type Source interface {
	// Device describes the device and its ranges.
	Device() signature.Device
	// Stream calls emit for every sample until the device ends or ctx is done. It may
	// call emit from any goroutine.
	Stream(ctx context.Context, emit func(signature.Sample)) error
}

package signaturepad

import (
	"context"
	"fmt"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/evdev"
)

// OpenSource opens the pen source named by the configuration (signature.source):
// "pointer" returns nil (the pad's own pointer events), "evdev" the first pen tablet
// found, "evdev:/dev/input/eventN" that device. Attach a non-nil result with Pad.Attach.
func OpenSource(ctx context.Context, spec string) (Source, error) {
	path := ""
	switch {
	case spec == "" || spec == "pointer":
		return nil, nil
	case spec == "evdev":
	case strings.HasPrefix(spec, "evdev:/"):
		path = strings.TrimPrefix(spec, "evdev:")
	default:
		return nil, fmt.Errorf("signature source %q: use \"pointer\", \"evdev\" or \"evdev:/dev/input/eventN\"", spec)
	}
	r, err := evdev.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return r, nil
}

package signaturepad

import (
	"context"
	"fmt"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/evdev"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
)

// OpenSource opens the pen source named by the configuration (signature.source):
// "pointer" returns nil (the pad's own pointer events), "evdev" the first pen tablet
// found, "evdev:/dev/input/eventN" that device, "stu" the first Wacom STU signature pad
// found and "stu:/dev/hidrawN" that pad (a *stu.Pad, which also drives the pad's own
// screen). Attach a non-nil result with Pad.Attach.
func OpenSource(ctx context.Context, spec string) (Source, error) {
	switch {
	case spec == "" || spec == "pointer":
		return nil, nil
	case spec == "evdev", strings.HasPrefix(spec, "evdev:/"):
		r, err := evdev.Open(ctx, strings.TrimPrefix(strings.TrimPrefix(spec, "evdev"), ":"))
		if err != nil {
			return nil, err
		}
		return r, nil
	case spec == "stu", strings.HasPrefix(spec, "stu:/"):
		p, err := stu.Open(ctx, strings.TrimPrefix(strings.TrimPrefix(spec, "stu"), ":"))
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	return nil, fmt.Errorf("signature source %q: use \"pointer\", \"evdev\", \"evdev:/dev/input/eventN\", \"stu\" or \"stu:/dev/hidrawN\"", spec)
}

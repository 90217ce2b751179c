package main

import (
	"context"
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
)

// checkCamera lists the cameras by label and checks that the configured one is there.
// With a real source it also opens the camera for one frame, bounded in time, so that a
// camera in use by another program or without frames shows up here.
func checkCamera(ctx context.Context, in doctorInput) checkResult {
	r := checkResult{Name: "camera"}
	list, err := camera.List(ctx)
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	real := 0
	for _, c := range list {
		r.Items = append(r.Items, fmt.Sprintf("%s (%s)", c.Label, c.Kind))
		if c.Kind == camera.KindDevice {
			real++
		}
	}
	src := in.cfg.Camera.Source
	if src != camera.SourceAuto {
		r.Status, r.Detail = statusWarn, fmt.Sprintf("camera.source is %q: a stand-in, not a real camera (demo or test set-up)", src)
		return r
	}
	if real == 0 {
		r.Status, r.Detail = statusFail, "no camera found: connect a camera (or set camera.source = \"videotest\" for a demo)"
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cam, err := camera.Open(ctx, src, in.cfg.Camera.Label, camera.Options{})
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	defer cam.Close()
	if _, err := cam.Still(ctx); err != nil {
		r.Status, r.Detail = statusFail, fmt.Sprintf("%q opened but sent no picture: %v", cam.Label(), err)
		return r
	}
	r.Status, r.Detail = statusOK, fmt.Sprintf("%q delivers %v frames at %.0f fps", cam.Label(), cam.Size(), cam.FrameRate())
	return r
}

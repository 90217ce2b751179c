package camera

import (
	"context"

	"github.com/pion/mediadevices/pkg/driver"
	mdcamera "github.com/pion/mediadevices/pkg/driver/camera"
)

// Rescan looks for cameras again (one plugged in since start-up) and returns the new
// list. mediadevices' rescan forgets every video driver, the test pattern included; it is
// registered again here. A Camera open during the rescan keeps working.
func Rescan(ctx context.Context) ([]Info, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var pattern driver.Driver
	for _, d := range videoDrivers() {
		if d.Info().Label == videoTestLabel {
			pattern = d
		}
	}
	mdcamera.Initialize()
	if pattern != nil {
		if _, err := findVideoTest(); err != nil {
			if err := driver.GetManager().Register(pattern, pattern.Info()); err != nil {
				return nil, err
			}
		}
	}
	return List(ctx)
}

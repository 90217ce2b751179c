package video

import "errors"

// ErrNoFrames means the camera delivered no frame before it stopped: nothing to keep.
var ErrNoFrames = errors.New("the camera delivered no frames")

package camera

import "errors"

// Sentinel errors; the returned errors wrap them with details.
var (
	// ErrNoCamera means no camera matched: none is connected, or none has the label.
	ErrNoCamera = errors.New("no camera found")
	// ErrBusy means the camera is already open (here or in another program).
	ErrBusy = errors.New("the camera is in use")
	// ErrCameraLost means the camera stopped delivering frames while open (unplugged,
	// or its driver failed).
	ErrCameraLost = errors.New("the camera stopped working")
	// ErrClosed means the Camera was closed.
	ErrClosed = errors.New("the camera is closed")
	// ErrBadSource means a camera source string or file cannot be used.
	ErrBadSource = errors.New("invalid camera source")
)

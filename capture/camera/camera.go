package camera

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"sync"
	"time"

	"github.com/pion/mediadevices/pkg/io/video"
)

// Size is a frame size in pixels.
type Size struct {
	Width, Height int
}

// Area is Width*Height.
func (s Size) Area() int { return s.Width * s.Height }

// String formats the size as WxH.
func (s Size) String() string { return fmt.Sprintf("%dx%d", s.Width, s.Height) }

// Frame is one picture from a camera. Image is shared by all subscribers: read it, never
// modify it. Seq counts frames read from the device since Open, from 1.
type Frame struct {
	Image image.Image
	Time  time.Time
	Seq   uint64
}

// Options tunes Open.
type Options struct {
	// Size asks for a frame size; zero takes the largest the camera offers at a usable
	// frame rate (stills at the best resolution; the preview scales down).
	Size Size
	// FrameRate asks for frames per second; zero takes the camera's.
	FrameRate float32
	// Logger receives open/close/failure lines (labels and sizes, nothing personal).
	Logger *slog.Logger
}

// Camera is an open camera. Its methods are safe for concurrent use.
type Camera struct {
	label  string
	size   Size
	rate   float32
	dev    device
	reader video.Reader
	log    *slog.Logger

	stop     context.CancelFunc
	stopped  <-chan struct{}
	pumpDone chan struct{}

	mu   sync.Mutex
	subs map[*subscription]struct{}
	err  error
}

// Label is the camera's label, as listed by List.
func (c *Camera) Label() string { return c.label }

// Size is the frame size delivered.
func (c *Camera) Size() Size { return c.size }

// FrameRate is the nominal frame rate.
func (c *Camera) FrameRate() float32 { return c.rate }

// Err returns nil while the camera delivers frames, then why it stopped: an error
// wrapping ErrCameraLost or ErrClosed.
func (c *Camera) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// start opens dev at the chosen size and starts the reading goroutine.
func start(ctx context.Context, dev device, opts Options) (*Camera, error) {
	size, rate, err := dev.choose(opts.Size, opts.FrameRate)
	if err != nil {
		_ = dev.close()
		return nil, err
	}
	r, err := dev.open(size, rate)
	if err != nil {
		_ = dev.close()
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	c := &Camera{
		label: dev.label(), size: size, rate: rate, dev: dev, reader: r, log: log,
		stop: stop, stopped: pctx.Done(), pumpDone: make(chan struct{}),
		subs: map[*subscription]struct{}{},
	}
	go c.pump()
	log.InfoContext(ctx, "camera opened", "label", c.label, "size", size.String(), "fps", rate)
	return c, nil
}

// closeWait bounds how long Close waits for a blocked device read before closing the
// device under it.
const closeWait = 3 * time.Second

// Close stops the camera and ends every subscription. It waits for the read in progress
// (at most one frame interval, or closeWait for a hung device) before releasing the
// device, so that drivers that cannot be interrupted are not closed under a read.
func (c *Camera) Close() error {
	c.mu.Lock()
	if c.err == nil {
		c.err = ErrClosed
	}
	c.mu.Unlock()
	c.stop()
	select {
	case <-c.pumpDone:
	case <-time.After(closeWait):
		c.log.Warn("camera read did not return; closing the device under it", "label", c.label)
	}
	if err := c.dev.close(); err != nil {
		return fmt.Errorf("close camera %q: %w", c.label, err)
	}
	return nil
}

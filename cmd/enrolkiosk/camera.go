package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
	"github.com/enrolkiosk/enrolkiosk/capture/video"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// lazyCamera opens the configured camera the first time a screen needs it (so a kiosk
// with no customer does not keep the camera on from start-up), reopens it after it was
// lost, and closes it at shutdown. With a faceSource (demo mode) it shows that source to
// the selfie step and the configured one to the document steps, reopening the camera when
// the wizard aims it at the other subject.
type lazyCamera struct {
	cfg    config.Camera
	logger *slog.Logger
	// faceSource, when set, is the camera source shown to the selfie step (demo mode's
	// face scene, capture/democamera); cfg.Source is shown to the document steps.
	faceSource string
	mu         sync.Mutex
	subject    wizard.Subject
	cam        *camera.Camera
	camSource  string // the source cam was opened on
}

var (
	_ wizard.Camera = (*lazyCamera)(nil)
	_ wizard.Aimer  = (*lazyCamera)(nil)
)

// Aim implements wizard.Aimer: the next use shows the subject's source.
func (c *lazyCamera) Aim(s wizard.Subject) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.subject = s
}

// source is the camera source for the subject aimed at.
func (c *lazyCamera) source() string {
	if c.subject == wizard.SubjectFace && c.faceSource != "" {
		return c.faceSource
	}
	return c.cfg.Source
}

func (c *lazyCamera) get(ctx context.Context) (*camera.Camera, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	source := c.source()
	if c.cam != nil && c.cam.Err() == nil && c.camSource == source {
		return c.cam, nil
	}
	if c.cam != nil {
		c.cam.Close()
		c.cam = nil
	}
	cam, err := camera.Open(ctx, source, c.cfg.Label, camera.Options{Logger: c.logger})
	if errors.Is(err, camera.ErrNoCamera) {
		// A camera plugged in (or back in) since start-up is only seen after a rescan.
		if _, rerr := camera.Rescan(ctx); rerr != nil {
			c.logger.Warn("look for cameras again", "err", rerr)
		} else {
			cam, err = camera.Open(ctx, source, c.cfg.Label, camera.Options{Logger: c.logger})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open the camera (%s): %w", source, err)
	}
	c.cam, c.camSource = cam, source
	return cam, nil
}

// Still implements wizard.Camera.
func (c *lazyCamera) Still(ctx context.Context) (image.Image, error) {
	cam, err := c.get(ctx)
	if err != nil {
		return nil, err
	}
	f, err := cam.Still(ctx)
	if err != nil {
		return nil, fmt.Errorf("take a still: %w", err)
	}
	return f.Image, nil
}

// Record implements wizard.Camera: a few seconds of WebM/VP8 under the size cap.
func (c *lazyCamera) Record(ctx context.Context, progress func(elapsed, total time.Duration)) ([]byte, error) {
	cam, err := c.get(ctx)
	if err != nil {
		return nil, err
	}
	opts := video.OptionsFromConfig(c.cfg)
	opts.Logger = c.logger
	opts.OnProgress = func(p video.Progress) { progress(p.Elapsed, p.Duration) }
	clip, err := video.Record(ctx, cam, opts)
	if err != nil && clip.Frames > 0 && len(clip.WebM) > 0 {
		return clip.WebM, fmt.Errorf("%w: %w", wizard.ErrPartialVideo, err) // keep what was captured
	}
	if err != nil {
		return nil, fmt.Errorf("record the selfie video: %w", err)
	}
	return clip.WebM, nil
}

// Preview opens the camera for a live preview.
func (c *lazyCamera) Preview(ctx context.Context) (wizard.PreviewSource, error) {
	return c.get(ctx)
}

// Close closes the camera if it was opened.
func (c *lazyCamera) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cam == nil {
		return nil
	}
	err := c.cam.Close()
	c.cam = nil
	return err
}

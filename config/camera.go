package config

import (
	"fmt"
	"strings"
	"time"
)

// Camera chooses the camera used for documents and the selfie, and the selfie video.
type Camera struct {
	// Source is "auto" (real cameras), "videotest" (a synthetic pattern) or
	// "file:/path" (a folder of images or one image).
	Source string `toml:"source"`
	// Label is the chosen camera's label; device ids change per run, labels do not.
	Label string `toml:"label"`
	// VideoDuration is the length of the selfie video.
	VideoDuration Duration `toml:"video_duration"`
	// VideoMaxBytes caps the selfie video file; recording stops early rather than exceed it.
	VideoMaxBytes int `toml:"video_max_bytes"`
	// Countdown is the number of seconds counted down before the video starts.
	Countdown int `toml:"countdown"`
}

func defaultCamera() Camera {
	return Camera{Source: "auto", VideoDuration: Duration{4 * time.Second}, VideoMaxBytes: 2_000_000, Countdown: 3}
}

func (c *Camera) validate() error {
	switch {
	case c.Source == "auto", c.Source == "videotest":
	case strings.HasPrefix(c.Source, "file:") && len(c.Source) > len("file:"):
	default:
		return fmt.Errorf("camera.source %q: use \"auto\", \"videotest\" or \"file:/path\"", c.Source)
	}
	switch {
	case c.VideoDuration.Duration < time.Second || c.VideoDuration.Duration > 30*time.Second:
		return fmt.Errorf("camera.video_duration %v must be between 1s and 30s", c.VideoDuration.Duration)
	case c.VideoMaxBytes < 100_000:
		return fmt.Errorf("camera.video_max_bytes %d is below 100000", c.VideoMaxBytes)
	case c.Countdown < 0 || c.Countdown > 10:
		return fmt.Errorf("camera.countdown %d must be between 0 and 10 seconds", c.Countdown)
	}
	return nil
}

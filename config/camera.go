package config

import (
	"fmt"
	"strings"
)

// Camera chooses the camera used for documents and the selfie.
type Camera struct {
	// Source is "auto" (real cameras), "videotest" (a synthetic pattern) or
	// "file:/path" (a folder of images or a short clip).
	Source string `toml:"source"`
	// Label is the chosen camera's label; device ids change per run, labels do not.
	Label string `toml:"label"`
}

func defaultCamera() Camera { return Camera{Source: "auto"} }

func (c *Camera) validate() error {
	switch {
	case c.Source == "auto", c.Source == "videotest":
	case strings.HasPrefix(c.Source, "file:") && len(c.Source) > len("file:"):
	default:
		return fmt.Errorf("camera.source %q: use \"auto\", \"videotest\" or \"file:/path\"", c.Source)
	}
	return nil
}

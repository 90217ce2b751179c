package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
)

func TestCheckCamera(t *testing.T) {
	cfg := config.Default()
	cfg.Camera.Source = "videotest"
	r := checkCamera(context.Background(), doctorInput{cfg: cfg})
	if r.Status != statusWarn || !strings.Contains(strings.Join(r.Items, "\n"), "VideoTest (videotest)") {
		t.Fatalf("videotest source: %+v", r)
	}
	cfg.Camera.Source = "auto"
	cfg.Camera.Label = "No Such Camera (video9)"
	r = checkCamera(context.Background(), doctorInput{cfg: cfg})
	if r.Status != statusFail || !strings.Contains(r.Detail, "camera") {
		t.Fatalf("missing camera: %+v", r)
	}
	if m, _ := filepath.Glob("/dev/video*"); len(m) == 0 && !strings.Contains(r.Detail, "no camera found") {
		t.Fatalf("on a machine without cameras the detail should say so: %q", r.Detail)
	}
}

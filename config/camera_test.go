package config

import (
	"errors"
	"testing"
	"time"
)

func TestCameraVideoSettings(t *testing.T) {
	cfg := Default()
	if err := Parse([]byte("[camera]\nsource = \"videotest\"\nvideo_duration = \"6s\"\nvideo_max_bytes = 3000000\n"), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Camera.VideoDuration.Duration != 6*time.Second || cfg.Camera.VideoMaxBytes != 3_000_000 || cfg.Camera.Countdown != 3 {
		t.Fatalf("got %+v", cfg.Camera)
	}
	for name, text := range map[string]string{
		"too long":      "[camera]\nvideo_duration = \"2m\"\n",
		"tiny cap":      "[camera]\nvideo_max_bytes = 10\n",
		"bad countdown": "[camera]\ncountdown = 60\n",
		"bad source":    "[camera]\nsource = \"webcam\"\n",
	} {
		cfg := Default()
		if err := Parse([]byte(text), &cfg); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", name, err)
		}
	}
}

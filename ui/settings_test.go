package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/config"
)

func TestSettingsSave(t *testing.T) {
	test.NewTempApp(t)
	var got map[string]any
	var changed config.Config
	deps := Deps{Config: config.Default(), ConfigPath: "/etc/enrolkiosk.toml",
		SaveSettings: func(e map[string]any) (config.Config, error) {
			got = e
			if e["signature.source"] == "wacom" {
				return config.Config{}, errors.New(`signature.source "wacom": use "pointer", "evdev" or "evdev:/dev/input/eventN"`)
			}
			c := config.Default()
			c.Camera.Source = e["camera.source"].(string)
			return c, nil
		}}
	s := newSettingsSection(deps, func(c config.Config) { changed = c })
	w := test.NewTempWindow(t, s.object)
	w.Resize(fyne.NewSize(900, 1100))

	s.fields.failures.SetText("many")
	s.save()
	if got != nil || !strings.Contains(s.result.Text, "whole number") {
		t.Fatalf("a bad number was saved: %q", s.result.Text)
	}
	s.fields.failures.SetText("4")
	s.fields.lat.SetText("-0.18")
	s.save()
	if got != nil || !strings.Contains(s.result.Text, "Latitude and longitude") {
		t.Fatalf("half a position was saved: %q", s.result.Text)
	}
	s.fields.lon.SetText("-78.47")
	s.fields.pen.SetText("wacom")
	s.save()
	if !strings.HasPrefix(s.result.Text, "Not saved:") {
		t.Fatalf("a refused setting looks saved: %q", s.result.Text)
	}
	test.AssertRendersToMarkup(t, "settings_refused.xml", w.Canvas())
	s.fields.pen.SetText("pointer")
	s.fields.camera.SetText("file:/srv/cam")
	s.save()
	if got["kiosk.max_login_failures"] != int64(4) || got["location.lat"] != -0.18 || got["camera.source"] != "file:/srv/cam" {
		t.Fatalf("edits %v", got)
	}
	if changed.Camera.Source != "file:/srv/cam" || !strings.HasPrefix(s.result.Text, "Saved.") {
		t.Fatalf("after saving: %q, %+v", s.result.Text, changed.Camera)
	}
}

func TestSettingsReadOnlyWithoutSave(t *testing.T) {
	test.NewTempApp(t)
	s := newSettingsSection(Deps{Config: config.Default()}, func(config.Config) {})
	if s.fields.camera.Disabled() == false {
		t.Fatal("settings are editable without a way to save them")
	}
}

func TestSettingsCameraChoice(t *testing.T) {
	test.NewTempApp(t)
	s := newSettingsSection(Deps{Config: config.Default(), SaveSettings: func(map[string]any) (config.Config, error) { return config.Default(), nil }}, func(config.Config) {})
	var pattern string
	for _, c := range s.fields.cameraInfo {
		if c.Kind == "videotest" {
			pattern = c.Label
		}
	}
	if pattern == "" {
		t.Fatalf("the test pattern is not listed: %+v", s.fields.cameraInfo)
	}
	s.fields.cameras.SetSelected(pattern)
	if s.fields.camera.Text != "videotest" || s.fields.cameraLabel.Text != "" {
		t.Fatalf("choosing the test pattern set %q / %q", s.fields.camera.Text, s.fields.cameraLabel.Text)
	}
}

package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
)

func TestSaveSettingsKeepsOtherSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "enrolkiosk.toml")
	orig := "profile = \"signal\"\n[backend]\nsignal_url = \"https://signal.example.com\"\npassword = { env = \"EK_PASSWORD\" }\n[location]\nlat = 1.5\nlon = 2.5\n"
	if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := saveSettings(path, map[string]any{"camera.source": "videotest", "kiosk.inactivity_lock": "5m",
		"location.lat": nil, "location.lon": nil, "branch_id": "quito-1", "camera.label": ""})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Camera.Source != "videotest" || cfg.Kiosk.InactivityLock.Minutes() != 5 || cfg.BranchID != "quito-1" ||
		cfg.Profile != "signal" || cfg.Backend.Password.Env != "EK_PASSWORD" || cfg.Location.Known() {
		t.Fatalf("saved %+v", cfg)
	}
	again, err := config.Load(path)
	if err != nil || again.Camera.Source != "videotest" || again.Backend.SignalURL != "https://signal.example.com" {
		t.Fatalf("reload: %+v, %v", again, err)
	}
}

func TestSaveSettingsRefusesInvalid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "enrolkiosk.toml")
	for name, edits := range map[string]map[string]any{
		"plain http":   {"backend.oneshot_url": "http://api.example.com"},
		"short lock":   {"kiosk.inactivity_lock": "5s"},
		"bad pen":      {"signature.source": "wacom"},
		"bad duration": {"kiosk.inactivity_lock": "soon"},
	} {
		if _, err := saveSettings(path, edits); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s: a refused edit was written", name)
		}
	}
	if _, err := saveSettings(path, map[string]any{"language": "es"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `language = "es"`) {
		t.Fatalf("file:\n%s", b)
	}
}

package config_test

import (
	"reflect"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// TestExampleFile keeps docs/enrolkiosk.example.toml honest: it must load, and every value
// it shows as a default must be the default.
func TestExampleFile(t *testing.T) {
	cfg, err := config.Load("../docs/enrolkiosk.example.toml")
	if err != nil {
		t.Fatalf("the documented example does not load: %v", err)
	}
	def := config.Default()
	for name, pair := range map[string][2]any{
		"kiosk":     {cfg.Kiosk, def.Kiosk},
		"store":     {cfg.Store, def.Store},
		"camera":    {cfg.Camera, def.Camera},
		"document":  {cfg.Document, def.Document},
		"signature": {cfg.Signature, def.Signature},
		"fleet":     {cfg.Fleet, def.Fleet},
		"timeout":   {cfg.Backend.Timeout, def.Backend.Timeout},
		"pace": {[3]any{cfg.Backend.HeaderTimeout, cfg.Backend.MinRate, cfg.Backend.RateWindow},
			[3]any{def.Backend.HeaderTimeout, def.Backend.MinRate, def.Backend.RateWindow}},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("[%s] in the example is %+v, but the default is %+v", name, pair[0], pair[1])
		}
	}
}

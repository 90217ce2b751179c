package config

import (
	"errors"
	"testing"
	"time"
)

func TestFleetSection(t *testing.T) {
	cfg := Default()
	if cfg.Fleet.FreezeAfter.Duration != 7*24*time.Hour || cfg.Fleet.MaxPending != 500 || cfg.Fleet.WarnRatio != 0.8 {
		t.Fatalf("defaults = %+v", cfg.Fleet)
	}
	key := "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
	ok := "[fleet]\ncollector_url = \"https://otel.bank.example\"\npushgateway_url = \"http://127.0.0.1:9091\"\n" +
		"metrics_listen = \"127.0.0.1:9464\"\nfreeze_after = \"120h\"\nmax_pending = 100\n" +
		"config_url = \"https://fleet.bank.example/kiosk.toml\"\nadmin_key = \"" + key + "\"\n"
	if err := Parse([]byte(ok), &cfg); err != nil || cfg.Fleet.MaxPending != 100 || cfg.Fleet.FreezeAfter.Duration != 120*time.Hour {
		t.Fatalf("parse: %+v, %v", cfg.Fleet, err)
	}
	if pub, err := cfg.Fleet.AdminPublicKey(); err != nil || len(pub) != 32 {
		t.Fatalf("admin key: %v, %v", pub, err)
	}
	for name, bad := range map[string]string{
		"plain http collector":   "[fleet]\ncollector_url = \"http://otel.bank.example\"\n",
		"metrics on all hosts":   "[fleet]\nmetrics_listen = \":9464\"\n",
		"metrics on a LAN host":  "[fleet]\nmetrics_listen = \"10.0.0.5:9464\"\n",
		"no pending allowed":     "[fleet]\nmax_pending = 0\n",
		"freeze at once":         "[fleet]\nfreeze_after = \"1m\"\n",
		"warn at the freeze":     "[fleet]\nwarn_ratio = 1.0\n",
		"config url without key": "[fleet]\nconfig_url = \"https://fleet.bank.example/k.toml\"\n",
		"short key":              "[fleet]\nadmin_key = \"AAAA\"\n",
		"pushing every second":   "[fleet]\npush_interval = \"1s\"\n",
	} {
		c := Default()
		if err := Parse([]byte(bad), &c); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

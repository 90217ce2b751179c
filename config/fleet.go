package config

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/url"
	"time"
)

// Fleet holds what a head office sees and steers: where metrics are pushed, the freeze
// rules, and the signed remote configuration (docs/fleet.md).
type Fleet struct {
	// CollectorURL is an OpenTelemetry collector's OTLP/HTTP base URL (https, or http to
	// loopback); metrics are posted to its /v1/metrics. Empty sends none.
	CollectorURL string `toml:"collector_url"`
	// PushgatewayURL is a Prometheus Pushgateway's base URL; empty pushes none.
	PushgatewayURL string `toml:"pushgateway_url"`
	// MetricsListen is a loopback host:port serving Prometheus's text format at /metrics
	// for local scraping; empty serves nothing. Other hosts are refused.
	MetricsListen string `toml:"metrics_listen"`
	// PushInterval is how often metrics are collected and pushed (the heartbeat a fleet
	// tool counts: three missed pushes mark the kiosk offline).
	PushInterval Duration `toml:"push_interval"`

	// FreezeAfter refuses new enrolments after this long without a successful delivery.
	FreezeAfter Duration `toml:"freeze_after"`
	// MaxPending refuses new enrolments while more than this many wait to be delivered.
	MaxPending int `toml:"max_pending"`
	// WarnRatio is the share of FreezeAfter or MaxPending at which the status bar warns.
	WarnRatio float64 `toml:"warn_ratio"`

	// ConfigURL is where the signed remote configuration is fetched from (https, or http
	// to loopback); its detached signature is at ConfigURL + ".sig". Empty fetches none.
	ConfigURL string `toml:"config_url"`
	// ConfigInterval is how often ConfigURL is fetched.
	ConfigInterval Duration `toml:"config_interval"`
	// AdminKey is the administrator's Ed25519 public key, base64 (32 bytes), that the
	// remote configuration must be signed with. Required with ConfigURL.
	AdminKey string `toml:"admin_key"`
}

func defaultFleet() Fleet {
	return Fleet{
		PushInterval: Duration{time.Minute},
		FreezeAfter:  Duration{7 * 24 * time.Hour}, MaxPending: 500, WarnRatio: 0.8,
		ConfigInterval: Duration{15 * time.Minute},
	}
}

// AdminPublicKey decodes AdminKey; it is nil when none is set.
func (f Fleet) AdminPublicKey() (ed25519.PublicKey, error) {
	if f.AdminKey == "" {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(f.AdminKey)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("fleet.admin_key must be an Ed25519 public key in base64 (32 bytes; see docs/fleet.md)")
	}
	return ed25519.PublicKey(b), nil
}

func (f *Fleet) validate() error {
	for name, u := range map[string]string{"fleet.collector_url": f.CollectorURL, "fleet.pushgateway_url": f.PushgatewayURL, "fleet.config_url": f.ConfigURL} {
		if err := CheckURL(u); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if f.MetricsListen != "" {
		u, err := url.Parse("http://" + f.MetricsListen)
		if err != nil || u.Port() == "" || !IsLoopback(u.Hostname()) {
			return fmt.Errorf("fleet.metrics_listen %q must be a loopback host:port such as 127.0.0.1:9464", f.MetricsListen)
		}
	}
	if f.PushInterval.Duration < 10*time.Second {
		return fmt.Errorf("fleet.push_interval %v is shorter than 10s", f.PushInterval.Duration)
	}
	if f.FreezeAfter.Duration < time.Hour {
		return fmt.Errorf("fleet.freeze_after %v is shorter than 1h", f.FreezeAfter.Duration)
	}
	if f.MaxPending < 1 {
		return fmt.Errorf("fleet.max_pending must be at least 1")
	}
	if f.WarnRatio <= 0 || f.WarnRatio >= 1 {
		return fmt.Errorf("fleet.warn_ratio %v must be in (0, 1)", f.WarnRatio)
	}
	if f.ConfigInterval.Duration < time.Minute {
		return fmt.Errorf("fleet.config_interval %v is shorter than 1m", f.ConfigInterval.Duration)
	}
	if _, err := f.AdminPublicKey(); err != nil {
		return err
	}
	if f.ConfigURL != "" && f.AdminKey == "" {
		return fmt.Errorf("fleet.config_url needs fleet.admin_key, the public key its documents are signed with")
	}
	return nil
}

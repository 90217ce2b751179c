package fleet_test

import (
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
)

func TestWeakenings(t *testing.T) {
	old := config.Default()
	old.Backend.OneShotURL, old.Backend.CABundle = "https://api.bank.example", "/etc/enrolkiosk/ca.pem"
	old.Kiosk.Fullscreen = true
	old.Signature.TrustedThirdParty = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
	old.Store.Passphrase = config.SecretRef{Env: "PASS"}
	old.Fleet.AdminKey, old.Fleet.ConfigURL = "key", "https://fleet.bank.example/k.toml"
	for _, tc := range []struct {
		name   string
		change func(c *config.Config)
		want   string // "" = not a weakening
	}{
		{"nothing", func(*config.Config) {}, ""},
		{"another https backend", func(c *config.Config) { c.Backend.OneShotURL = "https://api2.bank.example" }, ""},
		{"fewer login failures", func(c *config.Config) { c.Kiosk.MaxLoginFailures = 3 }, ""},
		{"an earlier lock", func(c *config.Config) { c.Kiosk.InactivityLock.Duration = time.Minute }, ""},
		{"a lower pending limit", func(c *config.Config) { c.Fleet.MaxPending = 100 }, ""},
		{"plain http backend", func(c *config.Config) { c.Backend.OneShotURL = "http://127.0.0.1:8080" }, "backend.oneshot_url"},
		{"plain http login", func(c *config.Config) { c.Backend.AuthURL = "http://localhost:9000" }, "backend.auth_url"},
		{"CA bundle removed", func(c *config.Config) { c.Backend.CABundle = "" }, "backend.ca_bundle"},
		{"more login failures", func(c *config.Config) { c.Kiosk.MaxLoginFailures = 6 }, "kiosk.max_login_failures"},
		{"a later lock", func(c *config.Config) { c.Kiosk.InactivityLock.Duration = time.Hour }, "kiosk.inactivity_lock"},
		{"no lock", func(c *config.Config) { c.Kiosk.InactivityLock.Duration = 0 }, "kiosk.inactivity_lock"},
		{"out of kiosk mode", func(c *config.Config) { c.Kiosk.Fullscreen = false }, "kiosk.fullscreen"},
		{"third party removed", func(c *config.Config) { c.Signature.TrustedThirdParty = "" }, "signature.trusted_third_party"},
		{"third party replaced", func(c *config.Config) { c.Signature.TrustedThirdParty = "age1other" }, "signature.trusted_third_party"},
		{"passphrase removed", func(c *config.Config) { c.Store.Passphrase = config.SecretRef{} }, "store.passphrase"},
		{"keyring off", func(c *config.Config) { c.Store.Keyring = false }, "store.keyring"},
		{"admin key replaced", func(c *config.Config) { c.Fleet.AdminKey = "other" }, "fleet.admin_key"},
		{"config url moved", func(c *config.Config) { c.Fleet.ConfigURL = "https://evil.example/k.toml" }, "fleet.config_url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next := old
			tc.change(&next)
			got := fleet.Weakenings(old, next)
			switch {
			case tc.want == "" && len(got) != 0:
				t.Fatalf("refused: %v", got)
			case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)):
				t.Fatalf("weakenings = %v, want one about %s", got, tc.want)
			}
		})
	}
}

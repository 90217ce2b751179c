package agent_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
)

func demoConfig(t *testing.T, url, profile string) config.Config {
	for k, v := range map[string]string{"EK_USER": "9001800", "EK_PASS": "Gy6F89xK", "EK_PIN": "p1n",
		"EK_BILL_USER": sandbox.DemoBillingUsername, "EK_BILL_PASS": sandbox.DemoBillingPassword, "EK_KEY": sandbox.DemoAPIKey} {
		t.Setenv(k, v)
	}
	cfg := config.Default()
	cfg.Profile = profile
	b := &cfg.Backend
	b.OneShotURL, b.SignalURL, b.PeopleURL, b.BiometricURL = url, url+"/signal", url+"/people/api/v1", url
	b.OrgID, b.RegistrationAuthority, b.CertProfile = "acme", sandbox.DemoRegistrationAuthority, "PFnubeQAFCiudadano"
	b.Username, b.Password, b.PIN = config.SecretRef{Env: "EK_USER"}, config.SecretRef{Env: "EK_PASS"}, config.SecretRef{Env: "EK_PIN"}
	b.BillingUsername, b.BillingPassword = config.SecretRef{Env: "EK_BILL_USER"}, config.SecretRef{Env: "EK_BILL_PASS"}
	b.APIKey = config.SecretRef{Env: "EK_KEY"}
	return cfg
}

func TestEveryProfileFromConfig(t *testing.T) {
	for _, profile := range config.Profiles {
		t.Run(profile, func(t *testing.T) {
			srv, url := sandboxtest.Sandbox(t, sandbox.Options{})
			db := storetest.Open(t)
			e := sandboxtest.Seal(t, db, profile, 1)
			w, err := agent.New(context.Background(), agent.Options{Config: demoConfig(t, url, profile), Store: db,
				Device: sandboxtest.Device{ID: "inst-1", FP: "fp"}, PollInterval: 5 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := w.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.Entry(ctx, e.ID); got.State != store.Confirmed {
				t.Fatalf("%s: %s %q", profile, got.State, got.LastError)
			}
			sandboxtest.CheckExactlyOnce(t, sandboxtest.Received(t, srv), "biometric", 1, "biometric_sign")
		})
	}
}

func TestConfigProblemsAreConfigErrors(t *testing.T) {
	db := storetest.Open(t)
	for name, mod := range map[string]func(*config.Config){
		"missing secret": func(c *config.Config) { c.Backend.PIN = config.SecretRef{Env: "EK_NOT_SET"} },
		"no URL":         func(c *config.Config) { c.Backend.OneShotURL = "" },
		"org id missing": func(c *config.Config) { c.Backend.OrgID = "" },
		"plain http":     func(c *config.Config) { c.Backend.OneShotURL = "http://api.example.com" },
		"people, no key": func(c *config.Config) { c.Profile = "people"; c.Backend.APIKey = config.SecretRef{} },
	} {
		cfg := demoConfig(t, "http://127.0.0.1:1", "oneshot")
		mod(&cfg)
		if _, err := agent.New(context.Background(), agent.Options{Config: cfg, Store: db}); !errors.Is(err, agent.ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", name, err)
		}
	}
}

// TestClientsKeepAConnectionPerEnrolmentInFlight: the API clients keep at least as many
// idle connections per host as the worker delivers enrolments at once, so connections
// freed together are reused, not closed and dialled again (a round trip and a TLS
// handshake each over a slow link; sync/integration's TestSlowLinkDrainReusesConnections).
func TestClientsKeepAConnectionPerEnrolmentInFlight(t *testing.T) {
	if api.IdleConnsPerHost < agent.Concurrency {
		t.Errorf("api.IdleConnsPerHost = %d, below agent.Concurrency = %d", api.IdleConnsPerHost, agent.Concurrency)
	}
}

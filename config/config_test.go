package config_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
)

func TestLoadValid(t *testing.T) {
	cfg, err := config.Load("testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Profile != "signal" || cfg.BranchID != "QUITO-01" || cfg.Language != "es" {
		t.Errorf("top level: %+v", cfg)
	}
	if got := cfg.Backend.URLFor("signal"); got != "https://api.signaltech.example" {
		t.Errorf("URLFor(signal) = %q", got)
	}
	if cfg.Backend.Timeout.Duration != 45*time.Second || cfg.Kiosk.InactivityLock.Duration != 3*time.Minute {
		t.Errorf("durations: %v %v", cfg.Backend.Timeout, cfg.Kiosk.InactivityLock)
	}
	if cfg.Backend.Username.Env != "EK_USER" || cfg.Backend.Password.Keyring != "enrolkiosk/operator" {
		t.Errorf("secret refs: %+v %+v", cfg.Backend.Username, cfg.Backend.Password)
	}
	if !cfg.Location.Known() || !cfg.Kiosk.Fullscreen || cfg.Store.Retention.Duration != 720*time.Hour {
		t.Errorf("sections: %+v %+v %+v", cfg.Location, cfg.Kiosk, cfg.Store)
	}
	if cfg.Kiosk.MaxLoginFailures != config.Default().Kiosk.MaxLoginFailures {
		t.Errorf("a value missing from the file lost its default: %d", cfg.Kiosk.MaxLoginFailures)
	}
	if cfg.Path != "testdata/valid.toml" {
		t.Errorf("Path = %q", cfg.Path)
	}
}

// TestLoadErrors checks that each bad file gives its own error, naming the line where
// there is one, and that the defaults come back with it.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		file     string
		sentinel error
		want     []string
	}{
		{"unknown_key.toml", config.ErrUnknownKey, []string{"line 5", `"camera.lable"`, "spelling"}},
		{"unknown_table.toml", config.ErrUnknownKey, []string{"line 1", `"unknowntable"`}},
		{"wrong_type.toml", config.ErrInvalid, []string{"line 3", "fullscreen"}},
		{"syntax.toml", config.ErrSyntax, []string{"line 2"}},
		{"plaintext_secret.toml", config.ErrInvalid, []string{"line 2", "reference, not a plain value"}},
		{"plain_http.toml", config.ErrInvalid, []string{"backend.oneshot_url", "use https"}},
		{"bad_profile.toml", config.ErrInvalid, []string{`"ecuador"`, "oneshot, signal, people"}},
		{"bad_duration.toml", config.ErrInvalid, []string{"line 2", `"soon"`}},
		{"lat_out_of_range.toml", config.ErrInvalid, []string{"location.lat", "-90..90"}},
		{"missing.toml", config.ErrNotFound, []string{"missing.toml"}},
		{"inactivity_zero.toml", config.ErrInvalid, []string{"line 3", "kiosk.inactivity_lock", "0s", "between 30s and 30m0s"}},
		{"inactivity_long.toml", config.ErrInvalid, []string{"line 2", "kiosk.inactivity_lock", "31m0s"}},
		{"failures_huge.toml", config.ErrInvalid, []string{"line 3", "kiosk.max_login_failures", "1000000", "between 3 and 10"}},
		{"failures_one.toml", config.ErrInvalid, []string{"line 2", "kiosk.max_login_failures"}},
		{"offline_age_long.toml", config.ErrInvalid, []string{"line 4", "kiosk.offline_login_max_age", "2000h0m0s"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cfg, err := config.Load(filepath.Join("testdata", tt.file))
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("err = %v, want %v", err, tt.sentinel)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if cfg.Profile != "oneshot" || cfg.Path != "" {
				t.Errorf("a refused file must leave the defaults, got profile %q path %q", cfg.Profile, cfg.Path)
			}
		})
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	// A directory where a file is expected cannot be read, even by root.
	_, err := config.Load(dir)
	if !errors.Is(err, config.ErrUnreadable) {
		t.Fatalf("directory: err = %v, want ErrUnreadable", err)
	}
	if os.Geteuid() > 0 { // Windows says -1: it has no mode 000
		p := filepath.Join(dir, "locked.toml")
		if err := os.WriteFile(p, []byte("profile = \"oneshot\"\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		if _, err := config.Load(p); !errors.Is(err, config.ErrUnreadable) || !strings.Contains(err.Error(), "permissions") {
			t.Fatalf("mode 000: err = %v, want ErrUnreadable mentioning permissions", err)
		}
	}
}

func TestSecretResolve(t *testing.T) {
	ctx := context.Background()
	t.Setenv("EK_TEST_SECRET", "s3cret")
	if v, err := (config.SecretRef{Env: "EK_TEST_SECRET"}).Resolve(ctx, nil); err != nil || v != "s3cret" {
		t.Fatalf("env: %q %v", v, err)
	}
	if _, err := (config.SecretRef{Env: "EK_TEST_UNSET_X"}).Resolve(ctx, nil); !errors.Is(err, config.ErrSecretUnavailable) {
		t.Fatalf("unset env: %v", err)
	}
	checkSecretFileAccess(t, ctx)
	kr := keyringFunc(func(service, user string) (string, error) {
		if service == "enrolkiosk" && user == "op" {
			return "from-keyring", nil
		}
		return "", errors.New("not found")
	})
	if v, err := (config.SecretRef{Keyring: "enrolkiosk/op"}).Resolve(ctx, kr); err != nil || v != "from-keyring" {
		t.Fatalf("keyring: %q %v", v, err)
	}
	if _, err := (config.SecretRef{Keyring: "enrolkiosk/op"}).Resolve(ctx, nil); !errors.Is(err, config.ErrSecretUnavailable) {
		t.Fatalf("no keyring: %v", err)
	}
	if s := (config.SecretRef{Env: "EK_TEST_SECRET"}).String(); strings.Contains(s, "s3cret") {
		t.Fatalf("String() leaks the secret: %q", s)
	}
}

// keyringFunc is a hand-written fake of config.Keyring.
type keyringFunc func(service, user string) (string, error)

func (f keyringFunc) Get(service, user string) (string, error) { return f(service, user) }

func TestCheckURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"": true, "https://a.example": true, "http://127.0.0.1:9": true, "http://localhost/x": true,
		"http://[::1]:80": true, "http://10.0.0.1": false, "ftp://a.example": false, "not a url": false,
	} {
		if err := config.CheckURL(u); (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v, want ok=%v", u, err, ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"valid.toml", "unknown_key.toml", "wrong_type.toml", "syntax.toml", "plaintext_secret.toml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg := config.Default()
		if err := config.Parse(data, &cfg); err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Fatalf("Parse accepted a configuration that Validate refuses: %v", verr)
			}
		}
	})
}

func TestProtected(t *testing.T) {
	for key, want := range map[string]bool{
		"profile": true, "backend.oneshot_url": true, "backend.ca_bundle": true, "backend.auth_url": true,
		"signature.trusted_third_party": true, "kiosk.inactivity_lock": true, "kiosk.max_login_failures": true,
		"kiosk.fullscreen": true, "store.passphrase": true,
		"camera.source": false, "signature.source": false, "language": false, "branch_id": false, "location.lat": false,
	} {
		if got := config.Protected(key); got != want {
			t.Errorf("Protected(%q) = %v, want %v", key, got, want)
		}
	}
}

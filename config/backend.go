package config

import (
	"fmt"
	"net"
	"net/url"
	"time"
)

// Backend holds the base URLs of the backend APIs and the references to credentials.
type Backend struct {
	// OneShotURL is the base URL of the One-Shot VideoID API.
	OneShotURL string `toml:"oneshot_url"`
	// SignalURL is the base URL of the Signal API.
	SignalURL string `toml:"signal_url"`
	// PeopleURL is the base URL of the People API.
	PeopleURL string `toml:"people_url"`
	// BiometricURL is the base URL of the Biometric Signature API; empty skips that step.
	BiometricURL string `toml:"biometric_url"`
	// AuthURL is the base URL of the operator login API (SIGNula-style /v1/auth); empty
	// uses the profile's own URL.
	AuthURL string `toml:"auth_url"`
	// OrgID is the organisation path parameter of the Biometric Signature API.
	OrgID string `toml:"org_id"`
	// RegistrationAuthority is the RA id the backend assigned to this branch.
	RegistrationAuthority string `toml:"registration_authority"`
	// CertProfile is the certificate profile requested (for example "PFnubeQAFCiudadano").
	CertProfile string `toml:"cert_profile"`
	// CABundle is an optional PEM file of CAs to trust instead of the system's.
	CABundle string `toml:"ca_bundle"`
	// Timeout fails a request when no byte has moved, either way, for this long; a slow
	// upload that keeps moving is never cut off.
	Timeout Duration `toml:"timeout"`
	// HeaderTimeout fails a request whose answer has not begun (its headers complete)
	// this long after the request was sent.
	HeaderTimeout Duration `toml:"header_timeout"`
	// MinRate is the fewest bytes a second, averaged over RateWindow, a request must move
	// while it is sent or its answer read: a trickle fails, a slow link that moves at a
	// real rate does not. 0 turns the check off.
	MinRate int64 `toml:"min_rate"`
	// RateWindow is the window MinRate is averaged over.
	RateWindow Duration `toml:"rate_window"`

	// Username, Password, APIKey and TOTPSecret are references, never the values.
	Username   SecretRef `toml:"username"`
	Password   SecretRef `toml:"password"`
	APIKey     SecretRef `toml:"api_key"`
	TOTPSecret SecretRef `toml:"totp_secret"`

	// PIN is the RAO's signing PIN (One-Shot token and approve), a reference.
	PIN SecretRef `toml:"pin"`
	// BillingUsername and BillingPassword pay for One-Shot requests, references.
	BillingUsername SecretRef `toml:"billing_username"`
	BillingPassword SecretRef `toml:"billing_password"`
	// Env is the One-Shot environment, "sandbox" or "prod"; empty means "sandbox" for a
	// loopback oneshot_url and "prod" otherwise.
	Env string `toml:"env"`
}

// OneShotEnv returns Env, or its default for the One-Shot URL.
func (b Backend) OneShotEnv() string {
	if b.Env != "" {
		return b.Env
	}
	if u, err := url.Parse(b.OneShotURL); err == nil && IsLoopback(u.Hostname()) {
		return "sandbox"
	}
	return "prod"
}

func defaultBackend() Backend {
	return Backend{Timeout: Duration{60e9}, HeaderTimeout: Duration{60e9}, MinRate: 256, RateWindow: Duration{60e9}}
}

// URLFor returns the base URL of the configured profile's main API.
func (b Backend) URLFor(profile string) string {
	switch profile {
	case "signal":
		return b.SignalURL
	case "people":
		return b.PeopleURL
	}
	return b.OneShotURL
}

// OperatorAuthURL returns the base URL operators log in against: AuthURL, else the
// profile's URL.
func (b Backend) OperatorAuthURL(profile string) string {
	if b.AuthURL != "" {
		return b.AuthURL
	}
	return b.URLFor(profile)
}

func (b *Backend) validate() error {
	for name, u := range map[string]string{
		"backend.oneshot_url": b.OneShotURL, "backend.signal_url": b.SignalURL,
		"backend.people_url": b.PeopleURL, "backend.biometric_url": b.BiometricURL,
		"backend.auth_url": b.AuthURL,
	} {
		if err := CheckURL(u); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for name, s := range map[string]SecretRef{
		"backend.username": b.Username, "backend.password": b.Password,
		"backend.api_key": b.APIKey, "backend.totp_secret": b.TOTPSecret,
		"backend.pin": b.PIN, "backend.billing_username": b.BillingUsername, "backend.billing_password": b.BillingPassword,
	} {
		if err := s.validate(name); err != nil {
			return err
		}
	}
	if b.Env != "" && b.Env != "sandbox" && b.Env != "prod" {
		return fmt.Errorf("backend.env %q: choose \"sandbox\" or \"prod\"", b.Env)
	}
	if b.MinRate < 0 {
		return fmt.Errorf("backend.min_rate %d must not be negative (0 turns the check off)", b.MinRate)
	}
	if b.RateWindow.Duration < time.Second {
		return fmt.Errorf("backend.rate_window %v is shorter than 1s", b.RateWindow.Duration)
	}
	return nil
}

// CheckURL accepts an empty string, https URLs, and http URLs only to loopback hosts.
func CheckURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a URL like https://api.example.com", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q uses plain http to a non-loopback host: use https", raw)
	}
	return fmt.Errorf("%q: scheme must be https", raw)
}

// IsLoopback reports whether host names this machine (localhost or a loopback address).
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

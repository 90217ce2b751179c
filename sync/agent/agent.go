// Package agent builds a sync Worker from the configuration: it resolves the credential
// references, makes one API client per backend (sharing one set of circuit breakers),
// picks the configured profile and appends the biometric step when its URL is set. The
// UI and enrolctl both start their worker through it.
package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/biometric"
	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
	"github.com/enrolkiosk/enrolkiosk/sync/pace"
	"github.com/enrolkiosk/enrolkiosk/sync/people"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
	"github.com/enrolkiosk/enrolkiosk/sync/signal"
)

// Concurrency is how many enrolments the app's and enrolctl's worker deliver at once: a
// few in flight keep a link with long round trips busy (each One-Shot enrolment is seven
// requests in a row, each at least a round trip). The API clients keep as many idle
// connections per host (api.IdleConnsPerHost), so none is redialled.
const Concurrency = 8

// ErrConfig wraps every configuration problem New finds (exit code 3 in enrolctl).
var ErrConfig = errors.New("sync configuration")

// Store is what the agent needs from the store: the outbox and the token cache.
type Store interface {
	ksync.Outbox
	auth.Cache
}

var _ Store = (*store.DB)(nil)

// Options are the inputs of New.
type Options struct {
	Config config.Config
	Store  Store
	// Device supplies the identity headers (capture/device.Headers).
	Device api.Device
	// Keyring resolves keyring references; nil when the OS has none.
	Keyring config.Keyring
	// OnEvent receives the worker's events.
	OnEvent func(ksync.Event)
	// Retry overrides the backoff policy (tests, benchmarks); zero uses retry.Default.
	Retry retry.Policy
	// PollInterval overrides the status poll interval (default 5s).
	PollInterval time.Duration
	// Transport overrides the HTTP transport (tests); nil uses the pinned-CA transport.
	Transport http.RoundTripper
	Logger    *slog.Logger
}

type builder struct {
	o        Options
	breakers *breaker.Set
	pacer    *pace.Pacer
}

// New returns a worker for the configured profile. Before it tries a profile paused on
// refused credentials again, the worker resolves the credentials anew (Options.Rebuild),
// so a fixed keyring entry or credential file is used without a restart; a changed
// configuration is applied with Reconfigure.
func New(ctx context.Context, o Options) (*ksync.Worker, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	breakers, pacer := breaker.New(breaker.Options{}), pace.New(pace.Options{})
	profiles, def, err := build(ctx, o, breakers, pacer)
	if err != nil {
		return nil, err
	}
	return ksync.NewWorker(o.Store, ksync.Options{Profiles: profiles, Default: def, Concurrency: Concurrency,
		PollInterval: o.PollInterval, OnEvent: o.OnEvent, Logger: o.Logger,
		Rebuild: func(ctx context.Context) (map[string]ksync.Profile, string, error) {
			return build(ctx, o, breakers, pacer)
		}}), nil
}

// Reconfigure applies a changed configuration (o.Config) to a running worker w made by
// New: the profiles are built again with the credentials resolved anew, and every pause
// on refused credentials ends. On an error w keeps its profiles.
func Reconfigure(ctx context.Context, w *ksync.Worker, o Options) error {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	profiles, def, err := build(ctx, o, breaker.New(breaker.Options{}), pace.New(pace.Options{}))
	if err != nil {
		return err
	}
	w.Reconfigure(profiles, def)
	return nil
}

// build makes the configured profile (with the biometric step when its URL is set).
func build(ctx context.Context, o Options, breakers *breaker.Set, pacer *pace.Pacer) (map[string]ksync.Profile, string, error) {
	b := &builder{o: o, breakers: breakers, pacer: pacer}
	p, err := b.profile(ctx)
	if err != nil {
		return nil, "", err
	}
	if url := o.Config.Backend.BiometricURL; url != "" {
		step, err := b.biometric(ctx, url)
		if err != nil {
			return nil, "", err
		}
		p = ksync.WithSteps(p, step)
	}
	return map[string]ksync.Profile{p.Name(): p}, p.Name(), nil
}

func (b *builder) client(base string, a api.Authenticator) (*api.Client, error) {
	be := b.o.Config.Backend
	minRate := be.MinRate
	if minRate == 0 {
		minRate = -1 // the configuration turned the check off
	}
	c, err := api.New(api.Options{BaseURL: base, CABundle: be.CABundle, Timeout: be.Timeout.Duration,
		HeaderTimeout: be.HeaderTimeout.Duration, MinRate: minRate, RateWindow: be.RateWindow.Duration,
		UserAgent: buildinfo.UserAgent(runtime.GOOS), Device: b.o.Device, Auth: a, Retry: b.o.Retry,
		Breakers: b.breakers, Pacer: b.pacer, Transport: b.o.Transport, Logger: b.o.Logger})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return c, nil
}

// secret resolves a reference; name is the setting, for the message.
func (b *builder) secret(ctx context.Context, name string, ref config.SecretRef) (string, error) {
	v, err := ref.Resolve(ctx, b.o.Keyring)
	if err != nil {
		return "", fmt.Errorf("%w: backend.%s: %w", ErrConfig, name, err)
	}
	return v, nil
}

func (b *builder) secrets(ctx context.Context, refs map[string]config.SecretRef) (map[string]string, error) {
	out := map[string]string{}
	for name, ref := range refs {
		v, err := b.secret(ctx, name, ref)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

func (b *builder) profile(ctx context.Context) (ksync.Profile, error) {
	cfg := b.o.Config
	url := cfg.Backend.URLFor(cfg.Profile)
	if url == "" {
		return nil, fmt.Errorf("%w: no backend URL for profile %s (set backend.%s_url)", ErrConfig, cfg.Profile, cfg.Profile)
	}
	switch cfg.Profile {
	case "signal":
		return b.signal(ctx, url)
	case "people":
		return b.people(ctx, url)
	}
	return b.oneshot(ctx, url)
}

func (b *builder) oneshot(ctx context.Context, url string) (ksync.Profile, error) {
	be := b.o.Config.Backend
	s, err := b.secrets(ctx, map[string]config.SecretRef{"username": be.Username, "password": be.Password,
		"pin": be.PIN, "billing_username": be.BillingUsername, "billing_password": be.BillingPassword})
	if err != nil {
		return nil, err
	}
	c, err := b.client(url, nil)
	if err != nil {
		return nil, err
	}
	return oneshot.New(c, oneshot.Config{RegistrationAuthority: be.RegistrationAuthority, CertProfile: be.CertProfile,
		Env: be.OneShotEnv(), BillingUsername: s["billing_username"], BillingPassword: s["billing_password"],
		RAOUsername: s["username"], RAOPassword: s["password"], RAOPIN: s["pin"], PollInterval: b.o.PollInterval}), nil
}

func (b *builder) signal(ctx context.Context, url string) (ksync.Profile, error) {
	be := b.o.Config.Backend
	s, err := b.secrets(ctx, map[string]config.SecretRef{"username": be.Username, "password": be.Password})
	if err != nil {
		return nil, err
	}
	cr := auth.Credentials{Username: s["username"], Password: s["password"]}
	if !be.TOTPSecret.IsZero() {
		if cr.TOTPSecret, err = b.secret(ctx, "totp_secret", be.TOTPSecret); err != nil {
			return nil, err
		}
	}
	login, err := b.client(url, nil)
	if err != nil {
		return nil, err
	}
	bearer := &auth.Bearer{Login: auth.SignalLogin(login, cr), Cache: b.o.Store, CacheName: "sync/token/signal"}
	c, err := b.client(url, bearer)
	if err != nil {
		return nil, err
	}
	return signal.New(c, signal.Config{RegistrationAuthority: be.RegistrationAuthority, CertProfile: be.CertProfile,
		PollInterval: b.o.PollInterval}), nil
}

func (b *builder) people(ctx context.Context, url string) (ksync.Profile, error) {
	key, err := b.secret(ctx, "api_key", b.o.Config.Backend.APIKey)
	if err != nil {
		return nil, err
	}
	c, err := b.client(url, auth.APIKey{Key: key})
	if err != nil {
		return nil, err
	}
	return people.New(c), nil
}

func (b *builder) biometric(ctx context.Context, url string) (ksync.Step, error) {
	be := b.o.Config.Backend
	if be.OrgID == "" {
		return ksync.Step{}, fmt.Errorf("%w: backend.biometric_url is set but backend.org_id is not", ErrConfig)
	}
	key, err := b.secret(ctx, "api_key", be.APIKey)
	if err != nil {
		return ksync.Step{}, err
	}
	c, err := b.client(url, auth.APIKey{Key: key})
	if err != nil {
		return ksync.Step{}, err
	}
	return biometric.Step(c, be.OrgID), nil
}

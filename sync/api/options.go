package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// Device supplies the identity headers. It is declared here, where it is used.
type Device interface {
	// InstallationID is sent as x-installation_id.
	InstallationID() string
	// Fingerprint is sent as x-fingerprint.
	Fingerprint() string
	// Location is sent as x-location ("lat,lon"); empty leaves the header out.
	Location(ctx context.Context) string
}

// Authenticator adds credentials to requests. Invalidate drops cached credentials after
// a 401 so that the next Apply logs in again.
type Authenticator interface {
	Apply(ctx context.Context, h http.Header) error
	Invalidate()
}

// Defaults of the pace an attempt must keep (see Options).
const (
	DefaultHeaderTimeout = 60 * time.Second
	DefaultMinRate       = 256
	DefaultRateWindow    = 60 * time.Second
)

// Options configures a Client.
type Options struct {
	// BaseURL is the API root, for example https://api.example.com/oneshot.
	BaseURL string
	// CABundle is a PEM file of CAs to trust instead of the system's; empty uses the system.
	CABundle string
	// Timeout is the longest an attempt may go without progress, no request byte sent
	// and no answer byte received (default 60s); the attempt is then abandoned with
	// ErrStalled. There is no bound on the whole attempt: a large upload over a slow
	// link takes as long as it needs while its bytes keep moving.
	Timeout time.Duration
	// HeaderTimeout bounds the wait for the answer's headers once the request was sent
	// (default 60s): a backend that accepts the request and never answers, or answers
	// with headers that never complete, fails with ErrNoAnswer.
	HeaderTimeout time.Duration
	// MinRate is the fewest bytes a second, averaged over RateWindow, that the request
	// (while it is sent) and the answer (while it is read) must move (default 256): a
	// trickle fails with ErrTooSlow. A slow link that moves at a real rate is never cut.
	// Negative turns the check off.
	MinRate int64
	// RateWindow is the window MinRate is averaged over (default 60s).
	RateWindow time.Duration
	// UserAgent is sent as User-Agent.
	UserAgent string
	// Device supplies x-installation_id, x-fingerprint and x-location, and when it is an
	// EvidenceDevice also x-device-key and x-audit-head.
	Device Device
	// Auth adds credentials; nil sends none.
	Auth Authenticator
	// Retry is the backoff policy (default retry.Default).
	Retry retry.Policy
	// Breakers is shared by every client of one worker; nil makes a private one.
	Breakers *breaker.Set
	// Pacer spaces requests by the backend's rate-limit headers (sync/pace); shared by
	// every client of one worker; nil sends at once.
	Pacer Pacer
	// Transport overrides the HTTP transport (tests); nil builds one from CABundle.
	Transport http.RoundTripper
	// Logger receives request summaries; nil uses slog.Default().
	Logger *slog.Logger
	// Now and Sleep are the clock (tests); nil uses the real ones.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

func (o *Options) defaults() {
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = DefaultHeaderTimeout
	}
	if o.MinRate == 0 {
		o.MinRate = DefaultMinRate
	}
	if o.RateWindow <= 0 {
		o.RateWindow = DefaultRateWindow
	}
	if o.Retry.Base == 0 && o.Retry.Cap == 0 {
		o.Retry = retry.Default
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Breakers == nil {
		o.Breakers = breaker.New(breaker.Options{Now: o.Now})
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
}

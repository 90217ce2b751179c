package sandboxtest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// Sandbox starts the sandbox backend on a loopback port for the test and returns it
// with its base URL.
func Sandbox(t testing.TB, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := sandbox.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return srv, hs.URL
}

// Device is a fixed device identity for tests.
type Device struct{ ID, FP, Loc string }

// InstallationID returns d.ID.
func (d Device) InstallationID() string { return d.ID }

// Fingerprint returns d.FP.
func (d Device) Fingerprint() string { return d.FP }

// Location returns d.Loc.
func (d Device) Location(context.Context) string { return d.Loc }

// Client returns an API client for base with a fast retry policy, as device id.
func Client(t testing.TB, base, id string, mod func(*api.Options)) *api.Client {
	t.Helper()
	o := api.Options{BaseURL: base, UserAgent: "EnrolKiosk/test (linux)",
		Device: Device{ID: id, FP: "fp-" + id, Loc: "40.416775,-3.703790"},
		Retry:  retry.Policy{Base: 5 * time.Millisecond, Cap: 200 * time.Millisecond, MaxAttempts: 6},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if mod != nil {
		mod(&o)
	}
	c, err := api.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Received reads what the sandbox got.
func Received(t testing.TB, srv *sandbox.Server) sandbox.Received {
	t.Helper()
	r, err := srv.Received(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// CheckExactlyOnce fails the test unless the sandbox holds want enrolments of api, each
// with every step in steps accepted exactly once, and reports no duplicate.
func CheckExactlyOnce(t testing.TB, r sandbox.Received, apiName string, want int, steps ...string) {
	t.Helper()
	n := 0
	for _, e := range r.Enrolments {
		if e.API != apiName {
			continue
		}
		n++
		for _, s := range steps {
			if e.Steps[s] != 1 {
				t.Errorf("%s %s: step %s accepted %d times, want once (steps %v)", apiName, e.ID, s, e.Steps[s], e.Steps)
			}
		}
	}
	if n != want {
		t.Errorf("sandbox holds %d %s enrolments, want %d", n, apiName, want)
	}
	for _, d := range r.Duplicates {
		t.Errorf("duplicate at the sandbox: %+v", d)
	}
}

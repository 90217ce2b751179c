// Package accesstest helps the tests of code that logs operators in: an in-memory
// access.Values, a verifier cost cheap enough for tests, and the online login against the
// sandbox's /v1/auth, in process.
package accesstest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// ErrNotFound is what Values.Value returns for a name never put.
var ErrNotFound = errors.New("accesstest: no such value")

// Values is an in-memory access.Values, safe for concurrent use.
type Values struct {
	mu sync.Mutex
	m  map[string][]byte
}

var _ access.Values = (*Values)(nil)

// NewValues returns an empty Values.
func NewValues() *Values { return &Values{m: map[string][]byte{}} }

// Value returns the value put under name, or ErrNotFound.
func (v *Values) Value(_ context.Context, name string) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	b, ok := v.m[name]
	if !ok {
		return nil, ErrNotFound
	}
	return b, nil
}

// PutValue keeps b under name.
func (v *Values) PutValue(_ context.Context, name string, b []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.m[name] = b
	return nil
}

// DeleteValue forgets the value under name.
func (v *Values) DeleteValue(_ context.Context, name string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.m, name)
	return nil
}

// All returns a copy of every value, by name (to check what was kept).
func (v *Values) All() map[string][]byte {
	v.mu.Lock()
	defer v.mu.Unlock()
	return maps.Clone(v.m)
}

// Params returns a verifier cost cheap enough for tests; never use it for operators.
func Params() access.Params { return access.Params{Time: 1, MemoryKiB: 64, Threads: 1} }

// device supplies the identity headers.
type device struct{}

func (device) InstallationID() string          { return "inst-test" }
func (device) Fingerprint() string             { return "fp-test" }
func (device) Location(context.Context) string { return "" }

// Sandbox starts the sandbox backend in process and returns the program's online login
// against its /v1/auth (sandbox.DemoUsers log in), and the server: close it to make the
// backend unreachable. Both stop when the test ends.
func Sandbox(t testing.TB) (*access.Backend, *httptest.Server) {
	t.Helper()
	srv, err := sandbox.New(context.Background(), sandbox.Options{DataDir: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	c, err := api.New(api.Options{BaseURL: ts.URL, UserAgent: "EnrolKiosk/test", Device: device{},
		Retry: retry.Policy{Base: time.Millisecond, Cap: 5 * time.Millisecond, MaxAttempts: 2}})
	if err != nil {
		t.Fatal(err)
	}
	return &access.Backend{Client: &auth.Signula{Doer: c, APIKey: sandbox.DemoAPIKey}}, ts
}

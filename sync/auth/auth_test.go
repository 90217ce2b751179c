package auth_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
)

// memCache is a hand-written Cache.
type memCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *memCache) Value(_ context.Context, name string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[name]
	if !ok {
		return nil, errors.New("not found")
	}
	return v, nil
}

func (c *memCache) PutValue(_ context.Context, name string, v []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string][]byte{}
	}
	c.m[name] = v
	return nil
}

// counting wraps a Doer and counts requests per path.
type counting struct {
	next auth.Doer
	mu   sync.Mutex
	n    map[string]int
}

func (c *counting) Do(ctx context.Context, r api.Request) (*api.Response, error) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[r.Path]++
	c.mu.Unlock()
	return c.next.Do(ctx, r)
}

func signalClient(t *testing.T, url string, a api.Authenticator) *api.Client {
	return sandboxtest.Client(t, url+"/signal", "inst-1", func(o *api.Options) { o.Auth = a })
}

func TestSignalLoginCachedAcrossRestarts(t *testing.T) {
	_, url := sandboxtest.Sandbox(t, sandbox.Options{})
	cache := &memCache{}
	raw := sandboxtest.Client(t, url+"/signal", "inst-1", nil)
	cnt := &counting{next: raw}
	newBearer := func() *auth.Bearer {
		return &auth.Bearer{Login: auth.SignalLogin(cnt, auth.Credentials{Username: "usertest", Password: "passwordtest"}),
			Cache: cache, CacheName: "token/signal"}
	}
	for i := range 2 { // the second client is a restarted process: it reuses the cached token
		c := signalClient(t, url, newBearer())
		if _, err := c.Do(context.Background(), api.Request{Method: http.MethodGet, Path: "/sign"}); err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
	}
	if cnt.n["/auth/login"] != 1 {
		t.Errorf("%d logins, want 1", cnt.n["/auth/login"])
	}
	if raw2, _ := cache.Value(context.Background(), "token/signal"); len(raw2) == 0 {
		t.Fatal("token not cached")
	}
}

func TestSignalMFAAndRefreshAfter401(t *testing.T) {
	now := time.Now()
	_, url := sandboxtest.Sandbox(t, sandbox.Options{TokenTTL: time.Hour, Now: func() time.Time { return now }})
	raw := sandboxtest.Client(t, url+"/signal", "inst-1", nil)
	cnt := &counting{next: raw}
	b := &auth.Bearer{Login: auth.SignalLogin(cnt, auth.Credentials{Username: "mfa", Password: "SecurePassword123!",
		TOTPSecret: sandbox.DemoTOTPSecret, Now: func() time.Time { return now }})}
	c := signalClient(t, url, b)
	if _, err := c.Do(context.Background(), api.Request{Method: http.MethodGet, Path: "/sign"}); err != nil {
		t.Fatalf("MFA login: %v", err)
	}
	// Two hours later the sandbox refuses the token; the client logs in once more.
	now = now.Add(2 * time.Hour)
	b.Now = func() time.Time { return now.Add(-2 * time.Hour) } // the agent's clock lags: only the 401 tells
	if _, err := c.Do(context.Background(), api.Request{Method: http.MethodGet, Path: "/sign"}); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if cnt.n["/auth/login"] != 2 {
		t.Errorf("%d logins, want 2", cnt.n["/auth/login"])
	}
}

func TestBadPasswordIsAnAuthError(t *testing.T) {
	_, url := sandboxtest.Sandbox(t, sandbox.Options{})
	raw := sandboxtest.Client(t, url+"/signal", "inst-1", nil)
	b := &auth.Bearer{Login: auth.SignalLogin(raw, auth.Credentials{Username: "usertest", Password: "wrong"})}
	_, err := signalClient(t, url, b).Do(context.Background(), api.Request{Method: http.MethodGet, Path: "/sign"})
	if !errors.Is(err, api.ErrAuth) {
		t.Errorf("err = %v, want ErrAuth", err)
	}
}

func TestJWTExpiry(t *testing.T) {
	// header {"alg":"none"}, payload {"exp":1700000000}
	tok := "eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDB9.sig"
	if got := auth.JWTExpiry(tok); !got.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("JWTExpiry = %v", got)
	}
	for _, bad := range []string{"", "a.b", "a.!!!.c", "eyJhbGciOiJub25lIn0.eyJleHAiOiJ4In0.s"} {
		if !auth.JWTExpiry(bad).IsZero() {
			t.Errorf("JWTExpiry(%q) not zero", bad)
		}
	}
}

func TestAPIKey(t *testing.T) {
	h := http.Header{}
	if err := (auth.APIKey{Key: "sk_test_x"}).Apply(context.Background(), h); err != nil || h.Get("X-API-Key") != "sk_test_x" {
		t.Errorf("APIKey: %v %v", h, err)
	}
	if err := (auth.APIKey{}).Apply(context.Background(), h); !errors.Is(err, auth.ErrNoCredentials) {
		t.Errorf("empty key: %v", err)
	}
}

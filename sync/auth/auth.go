package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	stdsync "sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// ErrNoCredentials means a login is needed but no credentials were configured.
var ErrNoCredentials = errors.New("no backend credentials configured (set backend.username and backend.password)")

// Doer sends API requests; *api.Client implements it.
type Doer interface {
	Do(ctx context.Context, req api.Request) (*api.Response, error)
}

// Cache keeps a token across restarts, encrypted at rest; *store.DB implements it.
type Cache interface {
	Value(ctx context.Context, name string) ([]byte, error)
	PutValue(ctx context.Context, name string, v []byte) error
}

// LoginFunc logs in and returns a bearer token and when it expires (zero: unknown).
type LoginFunc func(ctx context.Context) (token string, expires time.Time, err error)

// APIKey sends a partner key as X-API-Key.
type APIKey struct{ Key string }

// Apply sets X-API-Key.
func (a APIKey) Apply(_ context.Context, h http.Header) error {
	if a.Key == "" {
		return fmt.Errorf("%w: no API key (set backend.api_key)", ErrNoCredentials)
	}
	h.Set("X-API-Key", a.Key)
	return nil
}

// Invalidate does nothing: a key cannot be refreshed.
func (APIKey) Invalidate() {}

// Bearer sends "Authorization: Bearer <token>", logging in when it has no valid token.
type Bearer struct {
	// Login obtains a new token.
	Login LoginFunc
	// Cache and CacheName keep the token across restarts; nil Cache keeps it in memory.
	Cache     Cache
	CacheName string
	// APIKey, when set, is sent too (SIGNula wants both).
	APIKey string
	// Now is the clock; nil uses time.Now.
	Now func() time.Time

	mu      stdsync.Mutex
	token   string
	expires time.Time
	loaded  bool
}

var (
	_ api.Authenticator = (*Bearer)(nil)
	_ api.Authenticator = APIKey{}
)

// skew renews a token this long before it expires.
const skew = 30 * time.Second

type cached struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
}

func (b *Bearer) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// Apply sets the Authorization header, logging in first when needed.
func (b *Bearer) Apply(ctx context.Context, h http.Header) error {
	tok, err := b.get(ctx)
	if err != nil {
		return err
	}
	h.Set("Authorization", "Bearer "+tok)
	if b.APIKey != "" {
		h.Set("X-API-Key", b.APIKey)
	}
	return nil
}

func (b *Bearer) valid() bool {
	return b.token != "" && (b.expires.IsZero() || b.now().Add(skew).Before(b.expires))
}

func (b *Bearer) get(ctx context.Context) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.loaded && b.Cache != nil {
		b.loaded = true
		if raw, err := b.Cache.Value(ctx, b.CacheName); err == nil {
			var c cached
			if json.Unmarshal(raw, &c) == nil {
				b.token, b.expires = c.Token, c.Expires
			}
		}
	}
	if b.valid() {
		return b.token, nil
	}
	if b.Login == nil {
		return "", ErrNoCredentials
	}
	tok, exp, err := b.Login(ctx)
	if err != nil {
		return "", err
	}
	b.token, b.expires = tok, exp
	if b.Cache != nil {
		raw, _ := json.Marshal(cached{Token: tok, Expires: exp})
		_ = b.Cache.PutValue(context.WithoutCancel(ctx), b.CacheName, raw) // best effort: a miss only costs a login
	}
	return tok, nil
}

// Invalidate forgets the token (after a 401), so the next Apply logs in again.
func (b *Bearer) Invalidate() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.token, b.expires, b.loaded = "", time.Time{}, true
	if b.Cache != nil {
		raw, _ := json.Marshal(cached{})
		_ = b.Cache.PutValue(context.Background(), b.CacheName, raw)
	}
}

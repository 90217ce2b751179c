package sandbox

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// User is a demo operator known to every login endpoint of the sandbox.
type User struct {
	// Username logs in to Signal and One-Shot (the RAO's digital identity username).
	Username string
	// Email logs in to the SIGNula-style /v1/auth/login.
	Email string
	// Password logs in everywhere.
	Password string
	// PIN is the RAO's signing PIN (One-Shot tokens and approve).
	PIN string
	// TOTPSecret, base32, makes the login ask for an MFA code; empty means no MFA.
	TOTPSecret  string
	DisplayName string
	Role        string
}

// Demo credentials (docs/sandbox.md lists them for the client authors).
const (
	DemoAPIKey     = "sk_test_enrolkiosk_demo"
	DemoTOTPSecret = "JBSWY3DPEHPK3PXP"
)

// DemoUsers are the operators every sandbox knows; the values come from the seed examples.
var DemoUsers = []User{
	{Username: "9001800", Email: "rao@enrolkiosk.test", Password: "Gy6F89xK", PIN: "p1n", DisplayName: "OneShot Operator", Role: "RAO"},
	{Username: "usertest", Email: "test@signaltech.com.ec", Password: "passwordtest", PIN: "p1n", DisplayName: "test test lastname", Role: "Superadmin"},
	{Username: "user", Email: "user@example.com", Password: "SecurePassword123!", PIN: "p1n", DisplayName: "John Doe", Role: "operator"},
	{Username: "mfa", Email: "mfa@example.com", Password: "SecurePassword123!", PIN: "p1n", TOTPSecret: DemoTOTPSecret, DisplayName: "MFA Operator", Role: "RAO"},
}

// authority holds the users, the partner API keys and the key that signs JWTs.
type authority struct {
	db     *db
	users  []User
	keys   []string
	jwtKey []byte
	ttl    time.Duration
	now    func() time.Time
}

// newAuthority loads (or makes once) the JWT signing key so tokens survive a restart.
func newAuthority(ctx context.Context, d *db, opts Options) (*authority, error) {
	a := &authority{db: d, users: DemoUsers, keys: []string{DemoAPIKey}, ttl: opts.TokenTTL, now: opts.Now}
	err := d.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bktMeta))
		if k := b.Get([]byte("jwt_key")); k != nil {
			a.jwtKey = append([]byte(nil), k...)
			return nil
		}
		a.jwtKey = make([]byte, 32)
		rand.Read(a.jwtKey)
		return b.Put([]byte("jwt_key"), a.jwtKey)
	})
	if err != nil {
		return nil, fmt.Errorf("load the sandbox's token signing key: %w", err)
	}
	return a, nil
}

// user finds a user by username or email.
func (a *authority) user(name string) (User, bool) {
	for _, u := range a.users {
		if name != "" && (u.Username == name || strings.EqualFold(u.Email, name)) {
			return u, true
		}
	}
	return User{}, false
}

// login checks a password; the error is the same for an unknown user and a bad password.
func (a *authority) login(name, password string) (User, error) {
	u, ok := a.user(name)
	if !ok || u.Password != password {
		return User{}, errBadCredentials
	}
	return u, nil
}

// Auth errors, each answered with 401 (or 403 for a live key) in the API's own envelope.
var (
	errBadCredentials = &httpError{Code: http.StatusUnauthorized, Msg: "Invalid credentials"}
	errNoAPIKey       = &httpError{Code: http.StatusUnauthorized, Msg: "X-API-Key header is required (use the sandbox key " + DemoAPIKey + ")"}
	errLiveKey        = &httpError{Code: http.StatusUnauthorized, Msg: "sk_live_ keys are production keys and are refused by the sandbox: use an sk_test_ key"}
	errBadKey         = &httpError{Code: http.StatusUnauthorized, Msg: "X-API-Key is not a valid partner key (keys start with sk_test_ or sk_live_)"}
	errNoBearer       = &httpError{Code: http.StatusUnauthorized, Msg: "Authorization: Bearer <token> header is required: log in first"}
)

// checkAPIKey verifies the partner X-API-Key header.
func (a *authority) checkAPIKey(r *http.Request) error {
	k := r.Header.Get("X-API-Key")
	switch {
	case k == "":
		return errNoAPIKey
	case strings.HasPrefix(k, "sk_live_"):
		return errLiveKey
	case !strings.HasPrefix(k, "sk_test_") || !slices.Contains(a.keys, k):
		return errBadKey
	}
	return nil
}

// bearer verifies the Authorization header's JWT and returns its user.
func (a *authority) bearer(r *http.Request) (User, claims, error) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return User{}, claims{}, errNoBearer
	}
	c, err := a.verify(tok, tokenAccess)
	if err != nil {
		return User{}, claims{}, err
	}
	u, ok := a.user(c.Sub)
	if !ok {
		return User{}, claims{}, errBadToken
	}
	return u, c, nil
}

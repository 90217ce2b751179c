package sandbox

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// Token kinds carried in the "typ" claim.
const (
	tokenAccess  = "access"
	tokenRefresh = "refresh"
	tokenMFA     = "mfa"
)

// Token errors.
var (
	// ErrTokenExpired reports a JWT past its exp claim.
	ErrTokenExpired = errors.New("token expired")
	errBadToken     = &httpError{Code: http.StatusUnauthorized, Msg: "Invalid token"}
	errRevoked      = &httpError{Code: http.StatusUnauthorized, Msg: "Token revoked by logout: log in again"}
)

// claims are the JWT claims the sandbox issues (SIGNula's sub, iat, exp, scope).
type claims struct {
	Sub   string `json:"sub"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
	Scope string `json:"scope"`
	Typ   string `json:"typ"`
	JTI   string `json:"jti"`
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// issue signs a token of kind typ for user sub, valid for ttl.
func (a *authority) issue(sub, typ string, ttl time.Duration) (string, claims) {
	now := a.now()
	c := claims{Sub: sub, Iat: now.Unix(), Exp: now.Add(ttl).Unix(), Scope: "enrol", Typ: typ, JTI: uuid.NewString()}
	payload, _ := json.Marshal(c)
	signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signing + "." + a.sign(signing), c
}

func (a *authority) sign(s string) string {
	m := hmac.New(sha256.New, a.jwtKey)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// verify checks a token's signature, kind and expiry.
func (a *authority) verify(tok, typ string) (claims, error) {
	c, err := parseJWT(tok, a.sign)
	if err != nil {
		return claims{}, errBadToken
	}
	if c.Typ != typ {
		return claims{}, &httpError{Code: http.StatusUnauthorized, Msg: fmt.Sprintf("Invalid token: a %q token was sent where a %q token is needed", c.Typ, typ)}
	}
	if a.isRevoked(c.JTI) {
		return claims{}, errRevoked
	}
	if a.now().Unix() >= c.Exp {
		return claims{}, &httpError{Code: http.StatusUnauthorized, Msg: fmt.Sprintf("%s: it expired at %s; refresh it or log in again",
			ErrTokenExpired, time.Unix(c.Exp, 0).UTC().Format(time.RFC3339))}
	}
	return c, nil
}

// parseJWT splits and checks an HS256 JWT with sign, then decodes its claims.
func parseJWT(tok string, sign func(string) string) (claims, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return claims{}, errors.New("not an HS256 JWT")
	}
	if !hmac.Equal([]byte(sign(parts[0]+"."+parts[1])), []byte(parts[2])) {
		return claims{}, errors.New("bad signature")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return claims{}, fmt.Errorf("claims: %w", err)
	}
	var c claims
	if err := json.Unmarshal(raw, &c); err != nil {
		return claims{}, fmt.Errorf("claims: %w", err)
	}
	return c, nil
}

// isRevoked reports whether a logout revoked the token with this jti.
func (a *authority) isRevoked(jti string) bool {
	if a.db == nil || jti == "" {
		return false
	}
	revoked := false
	a.db.b.View(func(tx *bolt.Tx) error {
		revoked = tx.Bucket([]byte(bktRevoked)).Get([]byte(jti)) != nil
		return nil
	})
	return revoked
}

// revoke records the jtis of tokens a logout ends.
func (a *authority) revoke(ctx context.Context, jtis ...string) error {
	return a.db.update(ctx, func(tx *bolt.Tx) error {
		for _, j := range jtis {
			if err := tx.Bucket([]byte(bktRevoked)).Put([]byte(j), []byte{1}); err != nil {
				return err
			}
		}
		return nil
	})
}

package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// errAnswer means a login answer did not have the documented shape.
var errAnswer = errors.New("unexpected login answer")

// Credentials are the resolved values a login sends.
type Credentials struct {
	Username, Password string
	// TOTPSecret (base32) produces the MFA code when the backend asks for one.
	TOTPSecret string
	// Now is the clock for TOTP codes; nil uses time.Now.
	Now func() time.Time
}

func (c Credentials) code() (string, error) {
	if c.TOTPSecret == "" {
		return "", fmt.Errorf("%w: the backend asks for an MFA code and no TOTP secret is configured (set backend.totp_secret)", ErrNoCredentials)
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	code, err := totp.GenerateCode(c.TOTPSecret, now())
	if err != nil {
		return "", fmt.Errorf("make the MFA code: %w (check backend.totp_secret is base32)", err)
	}
	return code, nil
}

func postJSON(ctx context.Context, d Doer, path string, v any, h http.Header) (*api.Response, error) {
	b, err := body.NewJSONBuilder().Build(v)
	if err != nil {
		return nil, err
	}
	return d.Do(ctx, api.Request{Method: http.MethodPost, Path: path, Body: b, NoAuth: true, Header: h})
}

// SignalLogin logs in to the Signal API (POST /auth/login {username, password, otp}).
// The code is sent only to a user with a TOTP secret configured.
func SignalLogin(d Doer, c Credentials) LoginFunc {
	return func(ctx context.Context) (string, time.Time, error) {
		if c.Username == "" || c.Password == "" {
			return "", time.Time{}, ErrNoCredentials
		}
		req := map[string]string{"username": c.Username, "password": c.Password}
		if c.TOTPSecret != "" {
			code, err := c.code()
			if err != nil {
				return "", time.Time{}, err
			}
			req["otp"] = code
		}
		resp, err := postJSON(ctx, d, "/auth/login", req, nil)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("log in to Signal: %w", err)
		}
		var a struct {
			Token string `json:"token"`
		}
		if json.Unmarshal(resp.Body, &a) != nil || a.Token == "" {
			return "", time.Time{}, fmt.Errorf("%w: Signal gave no token", errAnswer)
		}
		return a.Token, JWTExpiry(a.Token), nil
	}
}

// SignulaLogin logs in to a SIGNula-style API (POST /v1/auth/login with X-API-Key), and
// answers its MFA challenge (POST /v1/auth/mfa/verify) with a TOTP code.
func SignulaLogin(d Doer, apiKey string, c Credentials) LoginFunc {
	return func(ctx context.Context) (string, time.Time, error) {
		h := http.Header{"X-Api-Key": {apiKey}}
		resp, err := postJSON(ctx, d, "/v1/auth/login", map[string]string{"email": c.Username, "password": c.Password}, h)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("log in: %w", err)
		}
		s, err := parseSession(resp.Body)
		if err != nil || !s.MFARequired {
			return s.Token, s.expiry(), err
		}
		code, err := c.code()
		if err != nil {
			return "", time.Time{}, err
		}
		resp, err = postJSON(ctx, d, "/v1/auth/mfa/verify", map[string]string{"mfa_token": s.MFAToken, "code": code}, h)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("verify the MFA code: %w", err)
		}
		s, err = parseSession(resp.Body)
		if err == nil && s.Token == "" {
			err = fmt.Errorf("%w: no token after MFA", errAnswer)
		}
		return s.Token, s.expiry(), err
	}
}

// session is the data of a SIGNula login or MFA answer.
type session struct {
	Token       string          `json:"token"`
	ExpiresAt   json.RawMessage `json:"expires_at"`
	MFARequired bool            `json:"mfa_required"`
	MFAToken    string          `json:"mfa_token"`
}

// expiry reads expires_at as RFC 3339 text or Unix seconds, else the JWT's exp claim.
func (s session) expiry() time.Time {
	var str string
	if json.Unmarshal(s.ExpiresAt, &str) == nil {
		if t, err := time.Parse(time.RFC3339, str); err == nil {
			return t
		}
	}
	var n json.Number
	if json.Unmarshal(s.ExpiresAt, &n) == nil {
		if v, err := n.Int64(); err == nil && v > 0 && v < 1e11 {
			return time.Unix(v, 0)
		}
	}
	return JWTExpiry(s.Token)
}

func parseSession(b []byte) (session, error) {
	var env struct {
		Success bool    `json:"success"`
		Data    session `json:"data"`
	}
	if err := json.Unmarshal(b, &env); err != nil || !env.Success {
		return session{}, fmt.Errorf("%w: %s", errAnswer, api.Message(b))
	}
	if env.Data.Token == "" && !(env.Data.MFARequired && env.Data.MFAToken != "") {
		return session{}, fmt.Errorf("%w: neither a token nor an MFA challenge", errAnswer)
	}
	return env.Data, nil
}

// JWTExpiry reads the exp claim of a JWT without verifying it (the backend does); zero
// when the token is not a JWT or has no exp.
func JWTExpiry(tok string) time.Time {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}
	}
	var c struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(raw, &c) != nil {
		return time.Time{}
	}
	n, err := c.Exp.Int64()
	if err != nil || n <= 0 || n > 1e11 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

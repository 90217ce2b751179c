package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// Credentials are the resolved values a login sends.
type Credentials struct {
	Username, Password string
	// Code is the MFA code an operator typed; when set it is sent instead of one made
	// from TOTPSecret.
	Code string
	// TOTPSecret (base32) produces the MFA code when the backend asks for one.
	TOTPSecret string
	// Now is the clock for TOTP codes; nil uses time.Now.
	Now func() time.Time
}

// code returns the MFA code to send: the typed one, else one made from the TOTP secret.
func (c Credentials) code() (string, error) {
	if c.Code != "" {
		return c.Code, nil
	}
	if c.TOTPSecret == "" {
		return "", fmt.Errorf("%w: %w (no code given, and no TOTP secret configured: set backend.totp_secret)", ErrNoCredentials, ErrMFARequired)
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
// A code is sent only when one was typed or a TOTP secret is configured.
func SignalLogin(d Doer, c Credentials) LoginFunc {
	return func(ctx context.Context) (string, time.Time, error) {
		if c.Username == "" || c.Password == "" {
			return "", time.Time{}, ErrNoCredentials
		}
		req := map[string]string{"username": c.Username, "password": c.Password}
		if c.TOTPSecret != "" || c.Code != "" {
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
			return "", time.Time{}, fmt.Errorf("%w: Signal gave no token", ErrAnswer)
		}
		return a.Token, JWTExpiry(a.Token), nil
	}
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

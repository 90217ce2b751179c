package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
	"github.com/enrolkiosk/enrolkiosk/ui/login"
)

// operatorAuth logs operators in against the backend's SIGNula-style auth API
// (POST /v1/auth/login, then POST /v1/auth/mfa/verify with the code the operator types).
// See docs/ui.md.
type operatorAuth struct {
	client *api.Client
	apiKey string
}

var _ login.Online = (*operatorAuth)(nil)

// newOperatorAuth returns the online login against base; retries are short because an
// operator is waiting.
func newOperatorAuth(base, apiKey, userAgent string, dev api.Device) (*operatorAuth, error) {
	c, err := api.New(api.Options{BaseURL: base, Timeout: 10 * time.Second, UserAgent: userAgent, Device: dev,
		Retry: retry.Policy{Base: 200 * time.Millisecond, Cap: time.Second, MaxAttempts: 2}})
	if err != nil {
		return nil, fmt.Errorf("operator login: %w", err)
	}
	return &operatorAuth{client: c, apiKey: apiKey}, nil
}

// authSession is the data of a login or MFA answer.
type authSession struct {
	Token       string `json:"token"`
	MFARequired bool   `json:"mfa_required"`
	MFAToken    string `json:"mfa_token"`
	User        struct {
		UserID      string `json:"userID"`
		Email       string `json:"email"`
		DisplayName string `json:"displayName"`
	} `json:"user"`
}

// Login implements login.Online.
func (a *operatorAuth) Login(ctx context.Context, user, password, code string) (login.Operator, error) {
	s, err := a.post(ctx, "/v1/auth/login", map[string]string{"email": user, "password": password})
	if err != nil {
		return login.Operator{}, err
	}
	if s.MFARequired {
		if code == "" {
			return login.Operator{}, login.ErrMFARequired
		}
		if s, err = a.post(ctx, "/v1/auth/mfa/verify", map[string]string{"mfa_token": s.MFAToken, "code": code}); err != nil {
			return login.Operator{}, err
		}
	}
	if s.Token == "" {
		return login.Operator{}, fmt.Errorf("operator login: the backend answered without a session")
	}
	op := login.Operator{ID: user, Name: s.User.DisplayName}
	if op.Name == "" {
		op.Name = user
	}
	return op, nil
}

// post sends one auth call and maps its failure to the login package's errors.
func (a *operatorAuth) post(ctx context.Context, path string, v any) (authSession, error) {
	b, err := body.NewJSONBuilder().Build(v)
	if err != nil {
		return authSession{}, err
	}
	resp, err := a.client.Do(ctx, api.Request{Method: http.MethodPost, Path: path, Body: b, NoAuth: true,
		Header: http.Header{"X-Api-Key": {a.apiKey}}})
	var se *api.StatusError
	switch {
	case errors.As(err, &se) && (se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden || se.Status == http.StatusBadRequest):
		return authSession{}, login.ErrBadCredentials
	case err != nil:
		return authSession{}, fmt.Errorf("%w: %w", login.ErrUnreachable, err)
	}
	var env struct {
		Success bool        `json:"success"`
		Data    authSession `json:"data"`
	}
	if err := json.Unmarshal(resp.Body, &env); err != nil || !env.Success {
		return authSession{}, fmt.Errorf("operator login: unexpected answer from %s", path)
	}
	return env.Data, nil
}

package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// Errors of a SIGNula login; test with errors.Is.
var (
	// ErrRefused means the backend refused the login (HTTP 400, 401 or 403): a wrong user
	// name, password or MFA code. The *RefusedError that wraps it holds the backend's words.
	ErrRefused = errors.New("the backend refused the login")
	// ErrMFARequired means the backend asks for an MFA code and the credentials hold none:
	// no code typed by the operator and no TOTP secret configured.
	ErrMFARequired = errors.New("the backend asks for an MFA code")
	// ErrAnswer means the backend answered a login in a shape this client does not know.
	ErrAnswer = errors.New("unexpected login answer")
)

// RefusedError is a refused login with the backend's own explanation.
type RefusedError struct {
	// Message is what the backend said, its message and errors[] joined ("Invalid
	// credentials; password: The password is incorrect"); empty when it said nothing.
	Message string
	// Err is the client's error (a *api.StatusError: ErrAuth for 401/403).
	Err error
}

// Error says the login was refused and why, in the backend's words.
func (e *RefusedError) Error() string {
	if e.Message == "" {
		return ErrRefused.Error()
	}
	return ErrRefused.Error() + ": " + e.Message
}

// Unwrap returns ErrRefused and the client's error.
func (e *RefusedError) Unwrap() []error { return []error{ErrRefused, e.Err} }

// Signula logs in to a SIGNula-style auth API: POST /v1/auth/login {email, password} with
// the partner key as X-API-Key, then, when the answer is an MFA challenge,
// POST /v1/auth/mfa/verify {mfa_token, code}. It is the one login client for operators
// (the kiosk's login screen, through package access) and for unattended logins with a
// TOTP secret.
type Signula struct {
	// Doer sends the calls; the login calls themselves go with NoAuth.
	Doer Doer
	// APIKey is the partner key sent as X-API-Key.
	APIKey string
}

// Login logs in with c. The MFA code is c.Code when set, else one is made from
// c.TOTPSecret; with neither, a challenge ends the login with an error wrapping
// ErrMFARequired. A refusal is a *RefusedError; a call that failed otherwise wraps the
// client's *api.StatusError (or the context's error).
func (s *Signula) Login(ctx context.Context, c Credentials) (Session, error) {
	if c.Username == "" || c.Password == "" {
		return Session{}, ErrNoCredentials
	}
	a, err := s.post(ctx, "/v1/auth/login", map[string]string{"email": c.Username, "password": c.Password})
	if err != nil {
		return Session{}, fmt.Errorf("log in: %w", err)
	}
	if !a.MFARequired {
		return a.session(), nil
	}
	code, err := c.code()
	if err != nil {
		return Session{}, err
	}
	a, err = s.post(ctx, "/v1/auth/mfa/verify", map[string]string{"mfa_token": a.MFAToken, "code": code})
	if err != nil {
		return Session{}, fmt.Errorf("verify the MFA code: %w", err)
	}
	if a.Token == "" {
		return Session{}, fmt.Errorf("%w: no token after MFA", ErrAnswer)
	}
	sess := a.session()
	sess.MFA = true
	return sess, nil
}

// post sends one auth call and reads its answer; a 400, 401 or 403 is a *RefusedError.
func (s *Signula) post(ctx context.Context, path string, v any) (answer, error) {
	resp, err := postJSON(ctx, s.Doer, path, v, http.Header{"X-Api-Key": {s.APIKey}})
	var se *api.StatusError
	if errors.As(err, &se) && (se.Status == http.StatusBadRequest || se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden) {
		return answer{}, &RefusedError{Message: se.Message, Err: err}
	}
	if err != nil {
		return answer{}, err
	}
	return parseAnswer(resp.Body)
}

// answer is the data of a SIGNula login or MFA answer.
type answer struct {
	Token       string          `json:"token"`
	ExpiresAt   json.RawMessage `json:"expires_at"`
	MFARequired bool            `json:"mfa_required"`
	MFAToken    string          `json:"mfa_token"`
	User        struct {
		UserID      json.RawMessage `json:"userID"` // a number in the vendor's document, a string in the sandbox
		Email       string          `json:"email"`
		DisplayName string          `json:"displayName"`
		Role        string          `json:"role"`
		Roles       []string        `json:"roles"`
	} `json:"user"`
}

// session is the Session a token answer gives.
func (a answer) session() Session {
	s := Session{Token: a.Token, Expires: a.expiry(), UserID: rawID(a.User.UserID), Email: a.User.Email,
		DisplayName: a.User.DisplayName}
	for _, r := range append([]string{a.User.Role}, a.User.Roles...) {
		if r = strings.TrimSpace(r); r != "" {
			s.Roles = append(s.Roles, r)
		}
	}
	return s
}

// rawID reads a user id given as a JSON string or number.
func rawID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// expiry reads expires_at as RFC 3339 text or Unix seconds, else the JWT's exp claim.
func (a answer) expiry() time.Time {
	var str string
	if json.Unmarshal(a.ExpiresAt, &str) == nil {
		if t, err := time.Parse(time.RFC3339, str); err == nil {
			return t
		}
	}
	var n json.Number
	if json.Unmarshal(a.ExpiresAt, &n) == nil {
		if v, err := n.Int64(); err == nil && v > 0 && v < 1e11 {
			return time.Unix(v, 0)
		}
	}
	return JWTExpiry(a.Token)
}

// parseAnswer reads the {success, message, data} envelope of a 2xx answer.
func parseAnswer(b []byte) (answer, error) {
	var env struct {
		Success bool   `json:"success"`
		Data    answer `json:"data"`
	}
	if err := json.Unmarshal(b, &env); err != nil || !env.Success {
		return answer{}, fmt.Errorf("%w: %s", ErrAnswer, api.Message(b))
	}
	if env.Data.Token == "" && !(env.Data.MFARequired && env.Data.MFAToken != "") {
		return answer{}, fmt.Errorf("%w: neither a token nor an MFA challenge", ErrAnswer)
	}
	return env.Data, nil
}

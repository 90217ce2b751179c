package auth

import (
	"fmt"
	"log/slog"
	"time"
)

// Session is a login on a SIGNula-style backend: the bearer token for later calls on the
// operator's behalf, when it expires, and who the backend says logged in. The token is a
// secret: String, GoString and LogValue leave it out, and it is never marshalled.
type Session struct {
	// Token is the bearer token (a JWT). Never log it.
	Token string `json:"-"`
	// Expires is when Token expires (expires_at, else the JWT's exp); zero when unknown.
	Expires time.Time `json:"expires,omitzero"`
	// UserID, Email and DisplayName are the answer's user, as the backend gave them.
	UserID      string `json:"user_id,omitempty"`
	Email       string `json:"email,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	// Roles are the user's roles when the answer carries them (role, roles).
	Roles []string `json:"roles,omitempty"`
	// MFA is true when the login passed a second factor (an MFA challenge was answered).
	MFA bool `json:"mfa,omitempty"`
}

// String describes the session without its token.
func (s Session) String() string {
	return fmt.Sprintf("session{user:%q roles:%v expires:%s token:%s}", s.UserID, s.Roles,
		s.Expires.Format(time.RFC3339), redacted(s.Token))
}

// GoString is String, so that %#v does not print the token either.
func (s Session) GoString() string { return s.String() }

// LogValue logs the session without its token.
func (s Session) LogValue() slog.Value {
	return slog.GroupValue(slog.String("user", s.UserID), slog.Any("roles", s.Roles),
		slog.Time("expires", s.Expires), slog.String("token", redacted(s.Token)))
}

var (
	_ fmt.Stringer   = Session{}
	_ fmt.GoStringer = Session{}
	_ slog.LogValuer = Session{}
)

func redacted(tok string) string {
	if tok == "" {
		return "none"
	}
	return "redacted"
}

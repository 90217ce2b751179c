package access

import (
	"context"
	"errors"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/sync/auth"
)

// Backend is the online login through sync/auth's SIGNula client; it words the client's
// answers as this package's errors.
type Backend struct {
	// Client logs in; its Doer should retry briefly, because an operator is waiting.
	Client *auth.Signula
}

var _ Online = (*Backend)(nil)

// Login implements Online. A refusal wraps ErrBadCredentials and keeps the backend's
// message; a call that failed for any other reason (network, 5xx, 429, a wrong URL)
// wraps ErrUnreachable, so that the offline login is tried.
func (b *Backend) Login(ctx context.Context, user, password, code string) (Operator, error) {
	s, err := b.Client.Login(ctx, auth.Credentials{Username: user, Password: password, Code: code})
	switch {
	case err == nil:
	case errors.Is(err, auth.ErrMFARequired):
		return Operator{}, ErrMFARequired
	case errors.Is(err, auth.ErrRefused), errors.Is(err, auth.ErrNoCredentials):
		return Operator{}, fmt.Errorf("%w: %w", ErrBadCredentials, err)
	case errors.Is(err, auth.ErrAnswer):
		return Operator{}, fmt.Errorf("operator login: %w", err)
	default:
		return Operator{}, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	op := Operator{ID: user, Name: s.DisplayName, Session: s}
	if op.Name == "" {
		op.Name = user
	}
	return op, nil
}

// BackendMessage returns the backend's own words for a refused login ("Invalid
// credentials", or its MFA error text), or "" when err carries none.
func BackendMessage(err error) string {
	var re *auth.RefusedError
	if errors.As(err, &re) {
		return re.Message
	}
	return ""
}

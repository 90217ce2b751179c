package access

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
)

// Backend is the online login through sync/auth's SIGNula client; it words the client's
// answers as this package's errors.
type Backend struct {
	// Client logs in. Its Doer should not retry (one attempt): a 429 must come back at
	// once with its Retry-After rather than be waited out while the operator waits.
	Client *auth.Signula
}

var _ Online = (*Backend)(nil)

// RetryError is a login the backend throttled (HTTP 429): try again at At.
type RetryError struct {
	// At is when the backend said to try again (Retry-After); zero when it did not say.
	At  time.Time
	Err error
}

// Error says the login was throttled.
func (e *RetryError) Error() string { return fmt.Sprintf("%s: %v", ErrRateLimited.Error(), e.Err) }

// Unwrap returns ErrRateLimited and the client's error.
func (e *RetryError) Unwrap() []error { return []error{ErrRateLimited, e.Err} }

// Login implements Online. Only a backend that cannot be reached (connection refused or
// reset, no route, DNS, a timeout) wraps ErrUnreachable, the one case where the offline
// check runs by itself. A refused credential wraps ErrBadCredentials and keeps the
// backend's message; a 429 is a *RetryError; a 5xx (or requests paused after repeated
// failures) wraps ErrBackendFailing; any other answer wraps ErrRejected.
func (b *Backend) Login(ctx context.Context, user, password, code string) (Operator, error) {
	s, err := b.Client.Login(ctx, auth.Credentials{Username: user, Password: password, Code: code})
	if err != nil {
		return Operator{}, classify(err)
	}
	op := Operator{ID: user, Name: s.DisplayName, Session: s}
	if op.Name == "" {
		op.Name = user
	}
	return op, nil
}

// classify words an error of the SIGNula client as this package's errors.
func classify(err error) error {
	var se *api.StatusError
	switch {
	case errors.Is(err, auth.ErrMFARequired):
		return ErrMFARequired
	case errors.Is(err, auth.ErrRefused), errors.Is(err, auth.ErrNoCredentials):
		return fmt.Errorf("%w: %w", ErrBadCredentials, err)
	case errors.Is(err, breaker.ErrDeferred):
		var at time.Time
		if errors.As(err, &se) {
			at = se.RetryAt
		}
		return &RetryError{At: at, Err: err}
	case errors.Is(err, breaker.ErrOpen):
		return fmt.Errorf("%w: %w", ErrBackendFailing, err)
	case errors.As(err, &se) && se.Status == http.StatusTooManyRequests:
		return &RetryError{At: se.RetryAt, Err: err}
	case errors.As(err, &se) && se.Status >= 500:
		return fmt.Errorf("%w: %w", ErrBackendFailing, err)
	case errors.As(err, &se) && se.Status != 0:
		return fmt.Errorf("%w: %w", ErrRejected, err)
	case unreachable(err):
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	case errors.Is(err, context.Canceled):
		return err
	}
	// A TLS failure, a wrong URL, an answer of unknown shape: the backend was reached, or
	// something is wrong that an offline login would only hide.
	return fmt.Errorf("%w: %w", ErrRejected, err)
}

// unreachable reports whether err means no answer could come: the connection was
// refused, reset, broken or had no route, the name did not resolve, or the call timed
// out. (Anyone who can cut the network can cause these; the offline check they allow is
// bounded by the verifier's age, the lockout and the refusal of MFA accounts.)
func unreachable(err error) bool {
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.As(err, &dns),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.ENETDOWN),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, api.ErrStalled):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	return false
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

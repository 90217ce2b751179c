package retry

import (
	"context"
	"errors"
	"net/http"
)

// Class says what kind of failure a request ended with and therefore what to do next.
type Class int

// Failure classes.
const (
	// OK is a success (2xx): nothing to retry.
	OK Class = iota
	// Transient failures (network errors, 5xx, 408) are retried after a backoff.
	Transient
	// RateLimited (429) is retried no sooner than the server's Retry-After.
	RateLimited
	// Auth (401, 403) refreshes the credentials once; if it persists the worker stops.
	Auth
	// Permanent failures (400, 404, 409, 413, 415, 422 and other 4xx) are never retried:
	// the enrolment goes to rejected with the backend's message.
	Permanent
	// Canceled means the caller's context ended: stop without counting a failure.
	Canceled
)

// String names the class for logs and events.
func (c Class) String() string {
	switch c {
	case OK:
		return "ok"
	case Transient:
		return "transient"
	case RateLimited:
		return "rate-limited"
	case Auth:
		return "auth"
	case Permanent:
		return "permanent"
	case Canceled:
		return "canceled"
	}
	return "unknown"
}

// Retryable reports whether a failure of this class is worth another attempt.
func (c Class) Retryable() bool { return c == Transient || c == RateLimited }

// Classify returns the class of an attempt that ended with the HTTP status (0 when no
// response arrived) and the transport error err.
func Classify(status int, err error) Class {
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return Canceled
		}
		return Transient // resets, timeouts, refused connections, DNS: the network.
	}
	switch {
	case status >= 200 && status < 300:
		return OK
	case status == http.StatusTooManyRequests:
		return RateLimited
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return Auth
	case status == http.StatusRequestTimeout || status == http.StatusTooEarly:
		return Transient
	case status >= 500 || status == 0:
		return Transient
	}
	return Permanent
}

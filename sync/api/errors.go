package api

import (
	"errors"
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// Sentinel errors; test with errors.Is.
var (
	// ErrRejected means the backend refused the request as invalid (400, 404, 409, 413,
	// 415, 422...): retrying cannot help, the operator must look at the enrolment.
	ErrRejected = errors.New("the backend refused the request")
	// ErrAuth means the backend refused the credentials even after logging in again:
	// the worker stops until an operator fixes them.
	ErrAuth = errors.New("the backend refused this device's credentials")
	// ErrUnavailable means the backend could not be reached or kept failing; the
	// enrolment stays queued and is tried again after RetryAt.
	ErrUnavailable = errors.New("the backend is unavailable for now")
	// ErrTooLarge means a successful answer was larger than its request accepts
	// (Request.MaxAnswer): the request fails for good rather than being misread.
	ErrTooLarge = errors.New("the backend's answer is too large")
	// ErrRedirect means the backend answered with a redirect, which is never followed.
	ErrRedirect = errors.New("the backend answered with a redirect")
	// ErrInsecureURL means a base URL would send data in clear text off this machine.
	ErrInsecureURL = errors.New("refusing to send enrolment data over plain http to a non-loopback host")
)

// StatusError describes a request that ended with an HTTP status, or without any.
type StatusError struct {
	// Method and Path name the request (never its body).
	Method, Path string
	// Status is the HTTP status; 0 when no response arrived.
	Status int
	// Class is how the failure was classified.
	Class retry.Class
	// Message is the backend's own explanation when it gave one.
	Message string
	// RetryAt is when a retryable failure may be tried again.
	RetryAt time.Time
	// Err is the transport error when no response arrived, else the sentinel.
	Err error
	// Wait, when the backend asked for a pause too long to sleep inside the request,
	// says until when ("the backend asked us to wait until 14:05").
	Wait string
}

func (e *StatusError) Error() string {
	what := fmt.Sprintf("%s %s", e.Method, e.Path)
	var s string
	switch {
	case e.Status == 0 && e.Err != nil:
		s = fmt.Sprintf("%s: %v", what, e.Err)
	case e.Message != "":
		s = fmt.Sprintf("%s: HTTP %d: %s", what, e.Status, e.Message)
	default:
		s = fmt.Sprintf("%s: HTTP %d", what, e.Status)
	}
	if e.Wait != "" {
		s += "; " + e.Wait
	}
	return s
}

// Unwrap returns the sentinel matching the class, and the transport error.
func (e *StatusError) Unwrap() []error {
	var s error
	switch e.Class {
	case retry.Permanent:
		s = ErrRejected
	case retry.Auth:
		s = ErrAuth
	case retry.Transient, retry.RateLimited:
		s = ErrUnavailable
	}
	return []error{s, e.Err}
}

package main

import (
	"fmt"
	"math"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// newOperatorAuth returns the online operator login against base: sync/auth's SIGNula
// client (POST /v1/auth/login, then POST /v1/auth/mfa/verify with the code the operator
// types), worded by access. One attempt, no retry: an operator is waiting, and a 429 must
// come back with its Retry-After rather than be waited out (a wait that ran into the
// login's deadline would look like an unreachable backend). See docs/ui.md.
func newOperatorAuth(base, apiKey, userAgent string, dev api.Device) (*access.Backend, error) {
	// A circuit that never opens: an open one would not say whether the backend was
	// unreachable (offline login by itself) or failing (offline login on request).
	c, err := api.New(api.Options{BaseURL: base, Timeout: 10 * time.Second, UserAgent: userAgent, Device: dev,
		Retry:    retry.Policy{Base: 200 * time.Millisecond, Cap: time.Second, MaxAttempts: 1},
		Breakers: breaker.New(breaker.Options{Threshold: math.MaxInt32})})
	if err != nil {
		return nil, fmt.Errorf("operator login: %w", err)
	}
	return &access.Backend{Client: &auth.Signula{Doer: c, APIKey: apiKey}}, nil
}

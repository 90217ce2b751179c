package main

import (
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// newOperatorAuth returns the online operator login against base: sync/auth's SIGNula
// client (POST /v1/auth/login, then POST /v1/auth/mfa/verify with the code the operator
// types), worded by access. Retries are short because an operator is waiting. See docs/ui.md.
func newOperatorAuth(base, apiKey, userAgent string, dev api.Device) (*access.Backend, error) {
	c, err := api.New(api.Options{BaseURL: base, Timeout: 10 * time.Second, UserAgent: userAgent, Device: dev,
		Retry: retry.Policy{Base: 200 * time.Millisecond, Cap: time.Second, MaxAttempts: 2}})
	if err != nil {
		return nil, fmt.Errorf("operator login: %w", err)
	}
	return &access.Backend{Client: &auth.Signula{Doer: c, APIKey: apiKey}}, nil
}

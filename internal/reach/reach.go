// Package reach tells whether a backend answers at all: any HTTP answer, even an error
// status, means the network path and the server are up.
package reach

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrNoURL means no backend URL is configured.
var ErrNoURL = errors.New("no backend URL configured")

// Result is the outcome of one probe.
type Result struct {
	URL     string        `json:"url"`
	Status  int           `json:"status,omitempty"`
	Latency time.Duration `json:"latency_ns"`
}

// Probe sends one GET to url and reports whether anything answered within the context's
// deadline. Redirects are not followed; bodies are not read.
func Probe(ctx context.Context, client *http.Client, url string) (Result, error) {
	res := Result{URL: url}
	if url == "" {
		return res, ErrNoURL
	}
	if client == nil {
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return res, fmt.Errorf("backend URL %q: %w", url, err)
	}
	start := time.Now()
	resp, err := client.Do(req)
	res.Latency = time.Since(start)
	if err != nil {
		return res, fmt.Errorf("backend %s is unreachable: %w", url, err)
	}
	resp.Body.Close()
	res.Status = resp.StatusCode
	return res, nil
}

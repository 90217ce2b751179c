package api

import (
	"context"
	"net/http"
)

// Pacer spaces requests by the rate-limit windows the backend's answers describe;
// *pace.Pacer implements it.
type Pacer interface {
	// Wait returns when a request of method to path at host may go, or ctx's error.
	Wait(ctx context.Context, host, method, path string) error
	// Observe records the X-RateLimit-* headers of an answer to such a request.
	Observe(host, method, path string, h http.Header)
}

// pace waits for the request's turn; without a Pacer it returns at once.
func (c *Client) pace(ctx context.Context, req Request) error {
	if c.opts.Pacer == nil {
		return nil
	}
	return c.opts.Pacer.Wait(ctx, c.host, req.Method, req.Path)
}

// observe hands an answer's headers to the Pacer.
func (c *Client) observe(req Request, resp *Response) {
	if c.opts.Pacer != nil && resp != nil {
		c.opts.Pacer.Observe(c.host, req.Method, req.Path, resp.Header)
	}
}

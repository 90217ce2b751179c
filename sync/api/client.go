package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/enrolkiosk/enrolkiosk/sync/body"
	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// maxInlineWait is the longest server-requested pause Do sleeps through; longer ones
// return to the worker, which parks the enrolment and goes on with others (which are
// held by the same pause).
const maxInlineWait = 10 * time.Second

// DefaultMaxAnswer is the largest successful answer a request accepts unless it sets
// Request.MaxAnswer: API answers are small JSON. docs/sync.md lists the limit of each
// endpoint.
const DefaultMaxAnswer = 1 << 20

// maxErrorAnswer bounds how much of a failed answer is read for the backend's message;
// the rest is discarded.
const maxErrorAnswer = 64 << 10

// Request is one API call.
type Request struct {
	// Method and Path (relative to the base URL, with a leading slash).
	Method, Path string
	// Route, when set, names the path in logs and errors instead of Path: for paths that
	// carry personal data (a CURP), for example "/persons/national_id/{curp}".
	Route string
	// Body is sent when not nil; it is re-opened for every attempt.
	Body *body.Body
	// IdempotencyKey is sent as Idempotency-Key; see Key.
	IdempotencyKey string
	// Header adds request-specific headers.
	Header http.Header
	// NoAuth skips the Authenticator (for the login calls themselves).
	NoAuth bool
	// Progress, when set, is called with bytes sent and the body's total while it goes out.
	Progress func(sent, total int64)
	// MaxAnswer is the largest successful answer accepted, in bytes (0: DefaultMaxAnswer).
	// A longer one fails the request for good with ErrTooLarge, rather than being cut
	// and misread, then tried again forever.
	MaxAnswer int64
	// NoResend marks a request that makes something new at a backend that ignores
	// Idempotency-Key (a One-Shot create, a Signal sign): Do does not send it again after
	// an attempt whose outcome is unknown (see Ambiguous) and returns ErrAmbiguous, for
	// the caller to reconcile first.
	NoResend bool
}

func (r Request) logPath() string {
	if r.Route != "" {
		return r.Route
	}
	return r.Path
}

// Response is a successful answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Client sends requests to one backend base URL.
type Client struct {
	opts Options
	host string
	rc   *resty.Client
}

// New returns a Client for opts.BaseURL.
func New(opts Options) (*Client, error) {
	opts.defaults()
	u, err := checkBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	tr := opts.Transport
	if tr == nil {
		t, err := newTransport(opts.CABundle)
		if err != nil {
			return nil, err
		}
		tr = t
	}
	// No total timeout: an attempt is bounded by its progress (see stall.go), so a large
	// upload over a slow link is not cut off while its bytes keep moving.
	rc := resty.New().SetTransport(tr).
		SetBaseURL(strings.TrimRight(opts.BaseURL, "/")).SetLogger(quietLogger{}).
		SetRedirectPolicy(resty.RedirectPolicyFunc(keepRedirect)).
		SetPreRequestHook(attachBody)
	return &Client{opts: opts, host: u.Host, rc: rc}, nil
}

// keepRedirect hands a redirect back as the answer: it is never followed (credentials
// and personal data must not go to a host the configuration does not name), and attempt
// reports where it pointed.
func keepRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Host returns the host:port the client talks to (the circuit breaker's key).
func (c *Client) Host() string { return c.host }

// bodyKey carries a streamed body from build to the pre-request hook through the
// request's context. Resty copies an io.Reader body whole into memory to make
// http.Request.GetBody; handing it no body and attaching ours to the http.Request
// afterwards keeps memory flat and lets the transport re-open it if it must resend.
type bodyKey struct{}

// pendingBody is a body waiting to be attached to the http.Request.
type pendingBody struct {
	ctx      context.Context
	b        *body.Body
	progress func(sent, total int64)
	dog      *watchdog
	noResend bool
}

func (p *pendingBody) open() io.ReadCloser {
	rd := p.dog.reader(p.b.Open(p.ctx))
	if p.progress != nil {
		total := p.b.Len()
		rd = body.Progress(rd, func(n int64) { p.progress(n, total) })
	}
	return rd
}

// attachBody is resty's pre-request hook: it puts the pending body on the request with
// its exact length.
func attachBody(_ *resty.Client, r *http.Request) error {
	pb, ok := r.Context().Value(bodyKey{}).(*pendingBody)
	if !ok {
		return nil
	}
	r.ContentLength = pb.b.Len()
	if r.ContentLength == 0 {
		r.Body, r.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		return nil
	}
	r.Body = pb.open()
	if !pb.noResend { // without GetBody net/http never replays it on a broken reused connection
		r.GetBody = func() (io.ReadCloser, error) { return pb.open(), nil }
	}
	return nil
}

// Do sends req, retrying transient failures within the policy's attempts. It returns
// the response of a 2xx answer, or a *StatusError wrapping ErrRejected, ErrAuth or
// ErrUnavailable (with RetryAt), or the context's error.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	refreshed := false
	for failures := 0; ; failures++ {
		if wait, err := c.opts.Breakers.Allow(c.host); err != nil {
			if errors.Is(err, breaker.ErrDeferred) && wait <= maxInlineWait {
				if err := c.opts.Sleep(ctx, wait); err != nil {
					return nil, err
				}
				failures--
				continue
			}
			if errors.Is(err, breaker.ErrDeferred) { // the same host asked us, for another request
				err = fmt.Errorf("%w until %s", err, clockWords(c.opts.Now().Add(wait), c.opts.Now()))
			}
			return nil, &StatusError{Method: req.Method, Path: req.logPath(), Class: retry.Transient,
				RetryAt: c.opts.Now().Add(wait), Err: fmt.Errorf("%s: %w", c.host, err)}
		}
		if err := c.pace(ctx, req); err != nil {
			return nil, err
		}
		resp, serr := c.attempt(ctx, req)
		c.observe(req, resp)
		if serr == nil {
			c.opts.Breakers.Success(c.host)
			return resp, nil
		}
		switch serr.Class {
		case retry.Canceled:
			return nil, ctx.Err()
		case retry.Transient:
			c.opts.Breakers.Failure(c.host, serr)
		default:
			if serr.Status != 0 {
				c.opts.Breakers.Success(c.host) // the server answered deliberately
			}
		}
		if serr.Class == retry.Auth && !refreshed && c.opts.Auth != nil && !req.NoAuth {
			c.opts.Auth.Invalidate()
			refreshed = true
			failures--
			continue
		}
		if !serr.Class.Retryable() {
			return nil, serr
		}
		if req.NoResend && Ambiguous(serr) {
			return nil, &AmbiguousError{StatusError: serr}
		}
		var h http.Header
		if resp != nil {
			h = resp.Header
		}
		now := c.opts.Now()
		delay := c.opts.Retry.Delay(failures, serr.Class, h, now)
		serr.RetryAt = now.Add(delay)
		if w, asked := retry.ServerWait(h, now, serr.Class == retry.RateLimited); asked {
			c.opts.Breakers.Defer(c.host, serr.RetryAt) // no request of this agent goes sooner
			if w.Delay > maxInlineWait || w.Absurd {
				serr.Wait = waitWords(w, now)
			}
		}
		if c.opts.Retry.MaxAttempts > 0 && failures+1 >= c.opts.Retry.MaxAttempts {
			return nil, serr
		}
		if delay > maxInlineWait {
			// Never sleep a long wait inside the request: the worker parks the enrolment
			// (and, through the breaker, this host) and goes on with others.
			return nil, serr
		}
		if err := c.opts.Sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// attempt sends req once. On failure the returned *Response (if any) carries the
// headers, for Retry-After.
func (c *Client) attempt(ctx context.Context, req Request) (*Response, *StatusError) {
	fail := func(status int, err error, msg string) *StatusError {
		return &StatusError{Method: req.Method, Path: req.logPath(), Status: status, Class: retry.Classify(status, err), Message: msg, Err: err}
	}
	if err := ctx.Err(); err != nil {
		return nil, fail(0, err, "")
	}
	parent := ctx
	ctx, dog, stop := newPacedWatchdog(ctx, pace{idle: c.opts.Timeout, header: c.opts.HeaderTimeout,
		window: c.opts.RateWindow, minRate: max(c.opts.MinRate, 0)})
	defer stop()
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { dog.sent() }})
	r, err := c.build(ctx, dog, req)
	if err != nil {
		var se *StatusError // the login behind the credentials failed: keep its class
		if errors.As(err, &se) {
			return nil, se
		}
		// No usable credentials: an operator must fix the configuration.
		return nil, &StatusError{Method: req.Method, Path: req.logPath(), Class: retry.Auth, Err: err}
	}
	start := c.opts.Now()
	dog.begin() // credentials may have needed a login: the idle wait and the rate window start now
	rr, err := r.Execute(req.Method, req.Path)
	if err != nil {
		err = c.whyBroken(parent, ctx, err)
		c.opts.Logger.DebugContext(ctx, "sync: request failed", "method", req.Method, "path", req.logPath(), "err", err)
		return nil, fail(0, err, "")
	}
	dog.answered()
	status := rr.StatusCode()
	limit := int64(maxErrorAnswer)
	if status >= 200 && status < 300 {
		limit = cmp.Or(req.MaxAnswer, DefaultMaxAnswer)
	}
	raw := dog.reader(rr.RawBody())
	data, rerr := io.ReadAll(io.LimitReader(raw, limit+1))
	raw.Close()
	c.opts.Logger.DebugContext(ctx, "sync: request", "method", req.Method, "path", req.logPath(), "status", status,
		"bytes_in", len(data), "duration", c.opts.Now().Sub(start))
	over := int64(len(data)) > limit
	if over {
		data = data[:limit]
	}
	resp := &Response{Status: status, Header: rr.Header(), Body: data}
	switch {
	case status >= 200 && status < 300 && over:
		return resp, &StatusError{Method: req.Method, Path: req.logPath(), Status: status, Class: retry.Permanent,
			Message: fmt.Sprintf("the answer is larger than the %s this request accepts (docs/sync.md lists the limits): not retried", sizeWords(limit)),
			Err:     ErrTooLarge}
	case status >= 200 && status < 300 && rerr != nil: // the answer broke off: we cannot know what it said
		return resp, fail(0, c.whyBroken(parent, ctx, fmt.Errorf("read answer: %w", rerr)), "")
	case status >= 200 && status < 300:
		if c.opts.Device != nil {
			accepted(ctx, r.Header, c.opts.Device)
		}
		return resp, nil
	case status >= 300 && status < 400:
		return resp, &StatusError{Method: req.Method, Path: req.logPath(), Status: status, Class: retry.Transient,
			Message: redirectWords(c.host, rr.Header().Get("Location")), Err: ErrRedirect}
	}
	return resp, fail(status, nil, Message(data))
}

// redirectWords says where a redirect pointed (its host, never its path).
func redirectWords(host, location string) string {
	to := "somewhere it did not say"
	if u, err := url.Parse(location); err == nil && u.Host != "" && u.Host != host {
		to = "another host, " + u.Host
	} else if err == nil {
		to = "another address on " + host
	}
	return "the backend redirected us to " + to + "; redirects are not followed (check the backend URL in the configuration)"
}

// sizeWords says a byte count in KiB or MiB.
func sizeWords(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
}

// clockWords says a time of day in local time, with the day when it is not today.
func clockWords(t, now time.Time) string {
	t = t.Local()
	if y, m, d := now.Local().Date(); t.Year() != y || t.Month() != m || t.Day() != d {
		return t.Format("Mon 2 Jan 15:04")
	}
	return t.Format("15:04")
}

// whyBroken words the error of an attempt that broke off: the caller's context ended
// (the worker paused or stopped: not a failure), or the watchdog abandoned it (a
// transient ErrStalled), or the network failed.
func (c *Client) whyBroken(parent, ctx context.Context, err error) error {
	switch cause := context.Cause(ctx); {
	case parent.Err() != nil:
		return fmt.Errorf("%w (%v)", parent.Err(), err)
	case errors.Is(cause, ErrStalled):
		return fmt.Errorf("%w for %v (backend.timeout)", ErrStalled, c.opts.Timeout)
	case errors.Is(cause, ErrTooSlow):
		return fmt.Errorf("%w: less than %d bytes a second over %v (a trickle; backend.min_rate and backend.rate_window)", ErrTooSlow, c.opts.MinRate, c.opts.RateWindow)
	case errors.Is(cause, ErrNoAnswer):
		return fmt.Errorf("%w: no complete answer headers %v after the request was sent (backend.header_timeout)", ErrNoAnswer, c.opts.HeaderTimeout)
	}
	return describe(c.host, err)
}

func (c *Client) build(ctx context.Context, dog *watchdog, req Request) (*resty.Request, error) {
	if req.Body != nil {
		ctx = context.WithValue(ctx, bodyKey{}, &pendingBody{ctx: ctx, b: req.Body, progress: req.Progress, dog: dog, noResend: req.NoResend})
	}
	r := c.rc.R().SetContext(ctx).SetDoNotParseResponse(true)
	for k, vs := range req.Header {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	r.SetHeader("Accept", "application/json")
	if c.opts.UserAgent != "" {
		r.SetHeader("User-Agent", c.opts.UserAgent)
	}
	if d := c.opts.Device; d != nil {
		r.SetHeader("x-installation_id", d.InstallationID())
		r.SetHeader("x-fingerprint", d.Fingerprint())
		if loc := d.Location(ctx); loc != "" {
			r.SetHeader("x-location", loc)
		}
		evidenceHeaders(ctx, r.Header, d)
	}
	if req.IdempotencyKey != "" {
		r.SetHeader("Idempotency-Key", req.IdempotencyKey)
	}
	if c.opts.Auth != nil && !req.NoAuth {
		if err := c.opts.Auth.Apply(ctx, r.Header); err != nil {
			return nil, err
		}
	}
	if req.Body != nil {
		r.SetHeader("Content-Type", req.Body.ContentType()) // the body itself: see attachBody
	}
	return r, nil
}

// quietLogger keeps resty from printing: this package logs through slog itself.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}

// Key derives the Idempotency-Key of one step of one enrolment. The enrolment id is a
// random UUID, so the key carries nothing personal; the same step always gets the same
// key, so a resend after a lost answer is recognised by the backend.
func Key(enrolmentID, step string) string { return "ek-" + enrolmentID + "-" + step }

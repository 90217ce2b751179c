package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
)

// TestLongServerWaitIsNotSleptInTheRequest: a Retry-After longer than maxInlineWait
// returns at once with RetryAt and the reason, and parks the host for every request.
func TestLongServerWaitIsNotSleptInTheRequest(t *testing.T) {
	var calls atomic.Int32
	url := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
		calls.Add(1)
		w.Header().Set("Retry-After", "600")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c, sl := newClient(t, url, nil)
	_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/create"})
	var se *StatusError
	if !errors.As(err, &se) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Do = %v, want a transient StatusError", err)
	}
	if len(sl.d) != 0 || calls.Load() != 1 {
		t.Fatalf("slept %v over %d requests, want no sleep and one request", sl.d, calls.Load())
	}
	if wait := se.RetryAt.Sub(sl.clock()); wait < 600*time.Second || wait > 700*time.Second {
		t.Errorf("RetryAt in %v, want 600s plus at most the policy's cap", wait)
	}
	if !strings.Contains(err.Error(), "the backend asked us to wait until") {
		t.Errorf("err %q does not say the backend asked to wait", err)
	}
	// Another request to the same host does not go either, and says why.
	_, err = c.Do(context.Background(), Request{Method: "GET", Path: "/status"})
	if !errors.Is(err, breaker.ErrDeferred) || calls.Load() != 1 || !strings.Contains(err.Error(), "asked us to wait until") {
		t.Fatalf("second request: %v after %d requests", err, calls.Load())
	}
}

// TestAbsurdServerWaitIsCappedAndSaid: ten years is reported as such and capped at a day.
func TestAbsurdServerWaitIsCappedAndSaid(t *testing.T) {
	url := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
		w.Header().Set("Retry-After", "315360000")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c, sl := newClient(t, url, nil)
	_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/create"})
	var se *StatusError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "10 years, which cannot be meant") {
		t.Fatalf("Do = %v", err)
	}
	if wait := se.RetryAt.Sub(sl.clock()); wait < 24*time.Hour || wait > 25*time.Hour {
		t.Errorf("RetryAt in %v, want a day", wait)
	}
}

// TestTrickleIsCutButASlowLinkIsNot: an answer that moves a byte now and then fails
// with ErrTooSlow; an upload that moves at a real (if slow) rate over the same windows
// gets through.
func TestTrickleIsCutButASlowLinkIsNot(t *testing.T) {
	trickle := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
		w.WriteHeader(http.StatusOK)
		for range 100 {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	pace := func(o *Options) {
		o.Timeout, o.MinRate, o.RateWindow, o.Retry.MaxAttempts = time.Second, 2000, 300*time.Millisecond, 1
	}
	c, _ := newClient(t, trickle, pace)
	start := time.Now()
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/answer"})
	if !errors.Is(err, ErrTooSlow) || !errors.Is(err, ErrUnavailable) || time.Since(start) > 2*time.Second {
		t.Fatalf("trickle: %v after %v, want a prompt transient ErrTooSlow", err, time.Since(start))
	}
	// 4 KiB every 100 ms is 40 KiB/s, far above 2000 B/s: never cut, however long it takes.
	echo := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) { w.Write([]byte("ok")) })
	c, _ = newClient(t, echo, pace)
	if _, err := c.Do(context.Background(), Request{Method: "POST", Path: "/video", Body: pacedBody(12*4096, 4096, 100*time.Millisecond, 0)}); err != nil {
		t.Fatalf("slow link over four rate windows: %v", err)
	}
}

// TestAnswerThatNeverStarts: the header timeout ends an attempt whose answer never
// begins, before the idle timeout would.
func TestAnswerThatNeverStarts(t *testing.T) {
	url := countingServer(t, func(_ http.ResponseWriter, r *http.Request, _ int64) { <-r.Context().Done() })
	c, _ := newClient(t, url, func(o *Options) {
		o.Timeout, o.HeaderTimeout, o.Retry.MaxAttempts = 5*time.Second, 200*time.Millisecond, 1
	})
	start := time.Now()
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/status"})
	if !errors.Is(err, ErrNoAnswer) || time.Since(start) > 2*time.Second {
		t.Fatalf("Do = %v after %v, want ErrNoAnswer after 200ms", err, time.Since(start))
	}
}

// TestLargeAnswerFailsForGood: past MaxAnswer the request is not retried and says why.
func TestLargeAnswerFailsForGood(t *testing.T) {
	var calls atomic.Int32
	url := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
		calls.Add(1)
		w.Write([]byte(strings.Repeat("x", 4096)))
	})
	c, _ := newClient(t, url, nil)
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/big", MaxAnswer: 1024})
	if !errors.Is(err, ErrTooLarge) || !errors.Is(err, ErrRejected) || calls.Load() != 1 || !strings.Contains(err.Error(), "1 KiB") {
		t.Fatalf("Do = %v after %d requests, want ErrTooLarge at once", err, calls.Load())
	}
	if resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/big", MaxAnswer: 4096}); err != nil || len(resp.Body) != 4096 {
		t.Fatalf("an answer of exactly the limit: %v", err)
	}
}

// TestBreakerNamesTheLastFailure: once open, the breaker's refusal says what failed.
func TestBreakerNamesTheLastFailure(t *testing.T) {
	url := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
		http.Redirect(w, r, "https://elsewhere.example.org/x", http.StatusFound)
	})
	c, _ := newClient(t, url, func(o *Options) { o.Retry.MaxAttempts = 10 })
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/status"})
	if !errors.Is(err, breaker.ErrOpen) || !strings.Contains(err.Error(), "redirected us to another host, elsewhere.example.org") {
		t.Fatalf("Do = %v, want the open breaker naming the redirect", err)
	}
}

// TestRefusedConnectionIsWorded: no Go dial error for the operator.
func TestRefusedConnectionIsWorded(t *testing.T) {
	c, _ := newClient(t, "http://127.0.0.1:1", func(o *Options) { o.Retry.MaxAttempts = 1 })
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/status"})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "the backend refused the connection") || strings.Contains(err.Error(), "dial tcp") {
		t.Fatalf("Do = %v", err)
	}
}

func TestDecodeJSONSpeaksJSON(t *testing.T) {
	type details struct {
		PK int `json:"pk"`
	}
	var v struct {
		Details details `json:"details"`
	}
	for in, want := range map[string]string{
		`{"details": "x"}`:        "at field details: text where an object belongs",
		`{"details": {"pk": "x"`:  "the JSON ends early",
		`<!doctype html><html>`:   "an HTML page",
		`{"details": {"pk": []}}`: "at field details.pk: a list where a number belongs",
		``:                        "an empty answer",
		`{"details" 1}`:           "not valid JSON at byte",
	} {
		err := DecodeJSON([]byte(in), &v)
		if !errors.Is(err, ErrAnswer) || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "Go ") {
			t.Errorf("DecodeJSON(%q) = %v, want %q", in, err, want)
		}
	}
}

// TestTLSErrorIsWorded: a certificate this device does not trust is named as such.
func TestTLSErrorIsWorded(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(srv.Close)
	c, _ := newClient(t, srv.URL, func(o *Options) { o.Retry.MaxAttempts = 1 })
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/status"})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "TLS error: the certificate of") || !strings.Contains(err.Error(), "backend.ca_bundle") {
		t.Fatalf("Do = %v", err)
	}
}

package integration

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
	"github.com/enrolkiosk/enrolkiosk/sync/pace"
)

// TestPacingAvoids429s drains a backlog against a sandbox whose limit is far below what
// the worker would send, once without and once with the pacer: with it, the worker
// spreads its requests by X-RateLimit-Remaining/Reset and the backend answers (almost)
// no 429.
func TestPacingAvoids429s(t *testing.T) {
	if testing.Short() {
		t.Skip("drains against a tight rate limit")
	}
	run := func(t *testing.T, paced bool) (int64, time.Duration) {
		srv, err := sandbox.New(context.Background(), sandbox.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Limits: []sandbox.Limit{{Match: "", Requests: 6, Window: time.Second}}})
		if err != nil {
			t.Fatal(err)
		}
		var limited atomic.Int64
		h := srv.Handler()
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cw := &codeWriter{ResponseWriter: w}
			h.ServeHTTP(cw, r)
			if cw.code == http.StatusTooManyRequests {
				limited.Add(1)
			}
		}))
		t.Cleanup(func() { hs.Close(); srv.Close() })
		db := storetest.Open(t)
		var ids []string
		for i := range 8 {
			ids = append(ids, sandboxtest.Seal(t, db, oneshot.Name, i).ID)
		}
		var mod func(*api.Options)
		if paced {
			p := pace.New(pace.Options{})
			mod = func(o *api.Options) { o.Pacer = p }
		}
		start := time.Now()
		drain(t, newAgent(t, db, hs.URL, agentOpts{mod: mod}), 3*time.Minute) // a hang guard
		checkAllConfirmed(t, db, ids)
		return limited.Load(), time.Since(start)
	}
	bare, bareTook := run(t, false)
	paced, pacedTook := run(t, true)
	t.Logf("8 enrolments, limit 6 requests / s per endpoint: unpaced %d answers 429 (%v), paced %d (%v)", bare, bareTook.Round(time.Millisecond), paced, pacedTook.Round(time.Millisecond))
	if paced > 1 {
		t.Errorf("paced: %d answers 429 (unpaced %d): the pacer does not keep within the limit", paced, bare)
	}
}

type codeWriter struct {
	http.ResponseWriter
	code int
}

func (c *codeWriter) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *codeWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

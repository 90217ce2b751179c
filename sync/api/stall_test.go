package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/clock"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// paced is a request body that sends chunk bytes every gap: a slow but live link.
type paced struct {
	ctx        context.Context
	left       int
	chunk      int
	gap        time.Duration
	stallAfter int // bytes after which it stops sending (0: never)
	sent       int
}

func (p *paced) Read(b []byte) (int, error) {
	if p.left == 0 {
		return 0, io.EOF
	}
	if p.stallAfter > 0 && p.sent >= p.stallAfter {
		<-p.ctx.Done() // the link died: nothing more until the attempt is abandoned
		return 0, p.ctx.Err()
	}
	if err := clock.Sleep(p.ctx, p.gap); err != nil {
		return 0, err
	}
	n := min(len(b), p.chunk, p.left)
	clear(b[:n])
	p.left -= n
	p.sent += n
	return n, nil
}

func (p *paced) Close() error { return nil }

func pacedBody(size, chunk int, gap time.Duration, stallAfter int) *body.Body {
	return body.Raw("application/octet-stream", body.Source{Name: "video", Size: int64(size), Open: func(ctx context.Context) (io.ReadCloser, error) {
		return &paced{ctx: ctx, left: size, chunk: chunk, gap: gap, stallAfter: stallAfter}, nil
	}})
}

func countingServer(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, n int64)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		answer(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestSlowUploadIsNotCutOff sends a body that takes twice the Timeout in all, with bytes
// moving every tenth of it: a field agent's slow link. A bound on the whole attempt
// would abandon it on every try, and the enrolment would never be delivered.
func TestSlowUploadIsNotCutOff(t *testing.T) {
	const size, chunk = 20 * 4096, 4096
	url := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) { w.Write([]byte(strconv.FormatInt(n, 10))) })
	c, _ := newClient(t, url, func(o *Options) { o.Timeout = time.Second; o.Retry.MaxAttempts = 1 })
	resp, err := c.Do(context.Background(), Request{Method: "POST", Path: "/video", Body: pacedBody(size, chunk, 100*time.Millisecond, 0)})
	if err != nil || string(resp.Body) != strconv.Itoa(size) {
		t.Fatalf("slow upload: %v %v, want all %d bytes delivered", resp, err, size)
	}
}

// TestStalledAttemptIsAbandoned checks both ways a link can die: the upload stops
// moving, or the backend never answers. Each attempt is abandoned as a transient
// ErrStalled (the enrolment is retried later), never left hanging.
func TestStalledAttemptIsAbandoned(t *testing.T) {
	silent := countingServer(t, func(_ http.ResponseWriter, r *http.Request, _ int64) { <-r.Context().Done() })
	for name, tc := range map[string]struct {
		url string
		b   *body.Body
	}{
		"upload stops": {countingServer(t, func(http.ResponseWriter, *http.Request, int64) {}), pacedBody(64<<10, 4096, 0, 16<<10)},
		"no answer":    {silent, pacedBody(8<<10, 4096, 0, 0)},
	} {
		t.Run(name, func(t *testing.T) {
			c, _ := newClient(t, tc.url, func(o *Options) { o.Timeout = 200 * time.Millisecond; o.Retry.MaxAttempts = 1 })
			_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/video", Body: tc.b})
			if !errors.Is(err, ErrStalled) || !errors.Is(err, ErrUnavailable) {
				t.Fatalf("Do = %v, want a transient ErrStalled", err)
			}
		})
	}
}

package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestBackoffDoublesUpToCap(t *testing.T) {
	p := Policy{Base: 100 * time.Millisecond, Cap: time.Second, Rand: func() float64 { return 0.999999 }}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000}
	for n, w := range want {
		got := p.Backoff(n)
		w *= time.Millisecond
		if got > w || got < w*99/100 {
			t.Errorf("Backoff(%d) = %v, want just under %v", n, got, w)
		}
	}
	if got := p.Backoff(1 << 20); got > time.Second {
		t.Errorf("Backoff(huge) = %v, above the cap", got)
	}
}

func TestBackoffFullJitterSpansZeroToCeiling(t *testing.T) {
	p := Policy{Base: time.Second, Cap: time.Minute}
	lo, hi := time.Hour, time.Duration(0)
	for range 2000 {
		d := p.Backoff(3)
		lo, hi = min(lo, d), max(hi, d)
		if d < 0 || d >= 8*time.Second {
			t.Fatalf("Backoff(3) = %v, outside [0, 8s)", d)
		}
	}
	if lo > 500*time.Millisecond || hi < 7500*time.Millisecond {
		t.Errorf("jitter range [%v, %v] does not cover [0, 8s)", lo, hi)
	}
}

func TestDelayNeverSoonerThanServer(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := Policy{Base: time.Millisecond, Cap: 10 * time.Millisecond}
	cases := map[string]struct {
		h    http.Header
		want time.Duration
	}{
		"retry-after seconds": {http.Header{"Retry-After": {"7"}}, 7 * time.Second},
		"retry-after date":    {http.Header{"Retry-After": {now.Add(30 * time.Second).Format(http.TimeFormat)}}, 30 * time.Second},
		"reset epoch":         {http.Header{"X-Ratelimit-Reset": {fmt.Sprint(now.Add(12 * time.Second).Unix())}}, 12 * time.Second},
		"reset delta":         {http.Header{"X-Ratelimit-Reset": {"3"}}, 3 * time.Second},
		"retry-after wins":    {http.Header{"Retry-After": {"2"}, "X-Ratelimit-Reset": {"5"}}, 2 * time.Second},
		"past date":           {http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 0},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got := p.Delay(0, RateLimited, c.h, now)
			if got < c.want || got > 2*c.want+10*time.Millisecond {
				t.Errorf("Delay = %v, want within [%v, 2x%v + 10ms)", got, c.want, c.want)
			}
		})
	}
}

func TestResetCountsOnlyWhenLimited(t *testing.T) {
	now := time.Unix(1708891100, 0)
	h := http.Header{"X-Ratelimit-Reset": {"1708891160"}, "X-Ratelimit-Remaining": {"42"}}
	if d, ok := ServerDelay(h, now, false); ok || d != 0 {
		t.Errorf("a 5xx in a fresh window waits %v for the window's end", d)
	}
	if d, _ := ServerDelay(h, now, true); d != time.Minute {
		t.Errorf("a 429 waits %v, want until the reset (1m)", d)
	}
	h.Set("X-Ratelimit-Remaining", "0")
	if d, _ := ServerDelay(h, now, false); d != time.Minute {
		t.Errorf("an exhausted window waits %v, want 1m", d)
	}
	h = http.Header{"Retry-After": {"2"}, "X-Ratelimit-Reset": {"1708891160"}, "X-Ratelimit-Remaining": {"5"}}
	if d, _ := ServerDelay(h, now, false); d != 2*time.Second {
		t.Errorf("a 503 with Retry-After waits %v, want 2s", d)
	}
}

func TestServerDelayIgnoresGarbage(t *testing.T) {
	for _, v := range []string{"", "soon", "-5", "NaN", "1e400"} {
		h := http.Header{"Retry-After": {v}}
		if d, ok := ServerDelay(h, time.Now(), true); ok && (d < 0 || d > maxServerDelay) {
			t.Errorf("Retry-After %q gave %v", v, d)
		} else if ok && v != "1e400" {
			t.Errorf("Retry-After %q accepted as %v", v, d)
		}
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		status int
		err    error
		want   Class
	}{
		{200, nil, OK}, {204, nil, OK},
		{400, nil, Permanent}, {404, nil, Permanent}, {413, nil, Permanent}, {415, nil, Permanent}, {422, nil, Permanent},
		{401, nil, Auth}, {403, nil, Auth},
		{429, nil, RateLimited},
		{408, nil, Transient}, {500, nil, Transient}, {502, nil, Transient}, {503, nil, Transient},
		{0, io.ErrUnexpectedEOF, Transient},
		{0, fmt.Errorf("post: %w", context.Canceled), Canceled},
		{0, errors.New("connection reset by peer"), Transient},
	}
	for _, c := range cases {
		if got := Classify(c.status, c.err); got != c.want {
			t.Errorf("Classify(%d, %v) = %v, want %v", c.status, c.err, got, c.want)
		}
	}
	if !Transient.Retryable() || !RateLimited.Retryable() || Permanent.Retryable() || Auth.Retryable() {
		t.Error("Retryable is wrong")
	}
}

func FuzzServerDelay(f *testing.F) {
	for _, s := range []string{"0", "120", "1708891200", "Wed, 21 Oct 2015 07:28:00 GMT", "-1", "1.5", "9e99", "abc"} {
		f.Add(s, s)
	}
	now := time.Unix(1708891100, 0)
	f.Fuzz(func(t *testing.T, ra, reset string) {
		h := http.Header{"Retry-After": {ra}, "X-Ratelimit-Reset": {reset}}
		d, ok := ServerDelay(h, now, true)
		if d < 0 || d > maxServerDelay {
			t.Fatalf("ServerDelay(%q, %q) = %v, %v: out of [0, %v]", ra, reset, d, ok, maxServerDelay)
		}
		if !ok && d != 0 {
			t.Fatalf("not ok but d = %v", d)
		}
	})
}

func TestDelaySpreadsAFleetOverTheRetryAfter(t *testing.T) {
	p := Policy{Base: 100 * time.Millisecond, Cap: time.Minute}
	h := http.Header{"Retry-After": {"2"}}
	lo, hi := time.Hour, time.Duration(0)
	for range 1000 {
		d := p.Delay(0, RateLimited, h, time.Now())
		lo, hi = min(lo, d), max(hi, d)
	}
	if lo < 2*time.Second || hi >= 4*time.Second || hi-lo < 1500*time.Millisecond {
		t.Errorf("delays span [%v, %v], want spread over [2s, 4s)", lo, hi)
	}
}

// TestServerTimesUseTheServersClock gives answers stamped by a server whose clock is
// three hours ahead of this machine's (a field laptop that drifted while offline): the
// absolute times it names are waits on its own clock, not on ours.
func TestServerTimesUseTheServersClock(t *testing.T) {
	server := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	local := server.Add(-3 * time.Hour)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	date, reset := server.Format(http.TimeFormat), strconv.FormatInt(server.Add(2*time.Second).Unix(), 10)
	for name, h := range map[string]http.Header{
		"epoch reset":      hdr("Date", date, "X-RateLimit-Reset", reset),
		"http-date header": hdr("Date", date, "Retry-After", server.Add(2*time.Second).Format(http.TimeFormat)),
	} {
		if d, ok := ServerDelay(h, local, true); !ok || d != 2*time.Second {
			t.Errorf("%s: wait %v %v, want 2s on the server's clock", name, d, ok)
		}
	}
	// Without a readable Date the local clock is all there is.
	for _, h := range []http.Header{hdr("X-RateLimit-Reset", reset), hdr("Date", "yesterday", "X-RateLimit-Reset", reset)} {
		if d, ok := ServerDelay(h, server, true); !ok || d != 2*time.Second {
			t.Errorf("Date %q: wait %v %v, want 2s from the local clock", h.Get("Date"), d, ok)
		}
	}
}

// TestServerWaitSaysWhatWasAsked: the cap is applied, and an absurd ask is flagged with
// what was asked, whether in seconds or as a date.
func TestServerWaitSaysWhatWasAsked(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tenYears := 10 * 365 * 24 * time.Hour
	for v, want := range map[string]Wait{
		"600":       {Delay: 600 * time.Second, Asked: 600 * time.Second},
		"315360000": {Delay: MaxServerDelay, Asked: tenYears, Absurd: true},
		now.Add(tenYears).Format(http.TimeFormat):      {Delay: MaxServerDelay, Asked: tenYears, Absurd: true},
		now.Add(2 * time.Hour).Format(http.TimeFormat): {Delay: 2 * time.Hour, Asked: 2 * time.Hour},
	} {
		got, ok := ServerWait(http.Header{"Retry-After": {v}}, now, false)
		if !ok || got != want {
			t.Errorf("Retry-After %q: %+v %v, want %+v", v, got, ok, want)
		}
	}
}

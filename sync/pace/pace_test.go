package pace

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

var _ api.Pacer = (*Pacer)(nil)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func window(now time.Time, limit, remaining int, reset time.Duration) http.Header {
	return http.Header{"X-Ratelimit-Limit": {strconv.Itoa(limit)}, "X-Ratelimit-Remaining": {strconv.Itoa(remaining)},
		"X-Ratelimit-Reset": {strconv.FormatInt(now.Add(reset).Unix(), 10)}, "Date": {now.UTC().Format(http.TimeFormat)}}
}

func TestPacing(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	p := New(Options{Now: clk.now})
	key := Key("h", "GET", "/api/v1/request/45836")
	if key != Key("h", "GET", "/api/v1/request/45837") || key == Key("h", "POST", "/api/v1/request/45837") {
		t.Fatalf("keys do not fold ids by endpoint: %q", key)
	}
	if d := p.Delay(key); d != 0 {
		t.Fatalf("an unknown window waits %v", d)
	}
	p.observe(key, window(clk.now(), 100, 80, 9*time.Second)) // 10 s with the reset's own second
	for i := range 30 {
		if d := p.Delay(key); d != 0 {
			t.Fatalf("request %d with more than half the window left waits %v", i, d)
		}
	}
	// 50 left of 100, 10 s to go: spread one every 200 ms.
	var got []time.Duration
	for range 5 {
		got = append(got, p.Delay(key))
	}
	if got[0] != 0 {
		t.Errorf("the first request below half waits %v, want at once", got[0])
	}
	for i := 1; i < len(got); i++ {
		if gap := got[i] - got[i-1]; gap < 200*time.Millisecond || gap > 220*time.Millisecond {
			t.Errorf("requests %d and %d are %v apart, want about 10s / 50 left (200 ms)", 29+i, 30+i, gap)
		}
	}
	p.observe(key, window(clk.now(), 100, 0, 3*time.Second))
	if d := p.Delay(key); d != 4*time.Second {
		t.Errorf("an exhausted window waits %v, want until the end of its reset's second (4s)", d)
	}
	clk.add(4 * time.Second)
	if d := p.Delay(key); d != 0 {
		t.Errorf("after the reset: %v, want at once", d)
	}
	p.observe(key, http.Header{})
	if d := p.Delay(key); d != 0 {
		t.Errorf("an answer without headers changed the pacing: %v", d)
	}
}

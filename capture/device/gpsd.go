package device

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"sync"
	"time"
)

// GPSD reads the position from a gpsd daemon over its JSON protocol and caches a fix
// for MaxAge, so a busy sync loop does not reconnect for every request.
type GPSD struct {
	// Addr is host:port of gpsd (usually 127.0.0.1:2947).
	Addr string
	// MaxAge is how long a fix is reused (default 1 minute).
	MaxAge time.Duration
	// Wait bounds one read when the context has no deadline (default 5 seconds).
	Wait time.Duration
	// Now is the clock; nil uses time.Now.
	Now func() time.Time

	mu   sync.Mutex
	last Position
	at   time.Time
}

// NewGPSD returns a GPSD locator for addr with the default timings.
func NewGPSD(addr string) *GPSD {
	return &GPSD{Addr: addr, MaxAge: time.Minute, Wait: 5 * time.Second}
}

func (g *GPSD) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

// Position returns the latest fix, reading a fresh one from gpsd when the cached one is
// older than MaxAge. Without a fix within the wait it returns ErrNoFix.
func (g *GPSD) Position(ctx context.Context) (Position, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.at.IsZero() && g.now().Sub(g.at) < g.MaxAge {
		return g.last, nil
	}
	p, err := g.read(ctx)
	if err != nil {
		return Position{}, err
	}
	g.last, g.at = p, g.now()
	return p, nil
}

func (g *GPSD) read(ctx context.Context) (Position, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, g.Wait)
		defer cancel()
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", g.Addr)
	if err != nil {
		return Position{}, fmt.Errorf("device: gpsd at %s: %w (is gpsd running?)", g.Addr, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := conn.Write([]byte(`?WATCH={"enable":true,"json":true};` + "\n")); err != nil {
		return Position{}, fmt.Errorf("device: gpsd at %s: %w", g.Addr, err)
	}
	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 4096), 64<<10)
	for sc.Scan() {
		if p, ok := ParseTPV(sc.Bytes()); ok {
			return p, nil
		}
	}
	if ctx.Err() != nil {
		return Position{}, fmt.Errorf("%w: gpsd at %s sent no fix in time", ErrNoFix, g.Addr)
	}
	return Position{}, fmt.Errorf("%w: gpsd at %s closed the connection: %v", ErrNoFix, g.Addr, sc.Err())
}

// tpv is the part of a gpsd TPV report that matters here.
type tpv struct {
	Class string   `json:"class"`
	Mode  int      `json:"mode"`
	Lat   *float64 `json:"lat"`
	Lon   *float64 `json:"lon"`
}

// ParseTPV reads one line of gpsd JSON and returns the position when it is a TPV report
// with a 2D or 3D fix and a valid latitude and longitude.
func ParseTPV(line []byte) (Position, bool) {
	var t tpv
	if err := json.Unmarshal(line, &t); err != nil {
		return Position{}, false
	}
	if t.Class != "TPV" || t.Mode < 2 || t.Lat == nil || t.Lon == nil {
		return Position{}, false
	}
	p := Position{Lat: *t.Lat, Lon: *t.Lon}
	return p, p.Valid()
}

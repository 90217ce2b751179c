package integration

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// link emulates one direction of a network link: a rate shared by every connection, a
// one-way delay, and a bottleneck queue of at most queue's worth of bytes at that rate
// (a sender that gets further ahead waits, as TCP's flow control would make it).
type link struct {
	bps   float64
	delay time.Duration
	queue time.Duration
	mu    sync.Mutex
	free  time.Time // when the link is free to send the next byte
	bytes atomic.Int64
}

// slot books n bytes on the link and returns when they arrive at the far end. It first
// waits while the queue ahead of them is full.
func (l *link) slot(n int) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		now := time.Now()
		if l.free.Before(now) {
			l.free = now
		}
		over := l.free.Sub(now) - l.queue
		if over <= 0 {
			break
		}
		l.mu.Unlock()
		time.Sleep(over)
		l.mu.Lock()
	}
	l.free = l.free.Add(time.Duration(float64(n) * 8 / l.bps * float64(time.Second)))
	l.bytes.Add(int64(n))
	return l.free.Add(l.delay)
}

// shaper is a TCP proxy to upstream through an emulated link (up and down).
type shaper struct {
	ln       net.Listener
	up, down *link
	upstream string
	rtt      time.Duration
	conns    atomic.Int64 // connections accepted
}

// newShaper listens on a free loopback port and proxies each connection to upstream
// through a link of bps bits a second each way with round trip rtt and a bottleneck
// queue of one rtt at that rate (a buffer of one bandwidth-delay product); each new connection
// costs a round trip before its first byte goes. It stops
// listening when the benchmark ends.
func newShaper(b testing.TB, upstream string, bps float64, rtt time.Duration) *shaper {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	s := &shaper{ln: ln, upstream: upstream, rtt: rtt, up: &link{bps: bps, delay: rtt / 2, queue: rtt},
		down: &link{bps: bps, delay: rtt / 2, queue: rtt}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			go s.serve(c)
		}
	}()
	b.Cleanup(func() { ln.Close() })
	return s
}

// url is the shaper's base URL.
func (s *shaper) url() string { return "http://" + s.ln.Addr().String() }

// serve proxies one connection. It starts one round trip after the accept, what the
// TCP handshake costs on a real link (the client's first bytes wait in the kernel).
func (s *shaper) serve(c net.Conn) {
	time.Sleep(s.rtt)
	u, err := net.Dial("tcp", s.upstream)
	if err != nil {
		c.Close()
		return
	}
	go pipe(u, c, s.up)
	pipe(c, u, s.down)
}

// pipe copies src to dst through l: each chunk is delivered when the link says it arrives.
func pipe(dst, src net.Conn, l *link) {
	type chunk struct {
		b  []byte
		at time.Time
	}
	q := make(chan chunk, 1024)
	go func() {
		defer dst.Close()
		for c := range q {
			time.Sleep(time.Until(c.at))
			if _, err := dst.Write(c.b); err != nil {
				for range q {
				}
				return
			}
		}
	}()
	buf := make([]byte, 16<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			q <- chunk{b: append([]byte(nil), buf[:n]...), at: l.slot(n)}
		}
		if err != nil {
			close(q)
			return
		}
	}
}

package integration

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// link emulates one direction of a network link: a rate shared by every connection and
// a one-way delay.
type link struct {
	bps   float64
	delay time.Duration
	mu    sync.Mutex
	free  time.Time // when the link is free to send the next byte
	bytes atomic.Int64
}

// slot books n bytes on the link and returns when they arrive at the far end.
func (l *link) slot(n int) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.free.Before(now) {
		l.free = now
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
}

func newShaper(b *testing.B, upstream string, bps float64, rtt time.Duration) *shaper {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	s := &shaper{ln: ln, upstream: upstream, up: &link{bps: bps, delay: rtt / 2}, down: &link{bps: bps, delay: rtt / 2}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	b.Cleanup(func() { ln.Close() })
	return s
}

func (s *shaper) serve(c net.Conn) {
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

// BenchmarkDrainOverSlowLink drains enrolments (the sync fixtures' pictures and a 1 MB
// video each) with the app's worker through an emulated link of 10 Mbit/s with 100 ms
// round trips (a Go shaping proxy between agent and sandbox), then has curl send the same
// number of bytes through the same link in one upload. It reports both times and their
// ratio (target <= 1.2). ENROLKIOSK_LINK_N sets the count (default 200).
func BenchmarkDrainOverSlowLink(b *testing.B) {
	for _, tool := range []string{"ffmpeg", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("%s not installed (make deps)", tool)
		}
	}
	n := 200
	if v := os.Getenv("ENROLKIOSK_LINK_N"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	dir := b.TempDir()
	video := makeVideo(b, dir, 1<<20)
	db := storetest.Open(b)
	for i := range n {
		ev := sandboxtest.Evidence(b)
		for j := range ev {
			if ev[j].Kind == store.Video {
				ev[j] = store.Bytes(store.Video, store.MediaWebM, video.data)
			}
		}
		if _, err := db.Seal(context.Background(), sandboxtest.Enrolment(oneshot.Name, i), ev); err != nil {
			b.Fatal(err)
		}
	}
	srv, err := sandbox.New(context.Background(), sandbox.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_bench/discard", func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) })
	mux.Handle("/", srv.Handler())
	hs := httptest.NewServer(mux)
	defer func() { hs.Close(); srv.Close() }()
	sh := newShaper(b, hs.Listener.Addr().String(), 10e6, 100*time.Millisecond)
	base := "http://" + sh.ln.Addr().String()

	for k, v := range map[string]string{"EKL_USER": "9001800", "EKL_PASS": "Gy6F89xK", "EKL_PIN": "p1n",
		"EKL_BILL_USER": sandbox.DemoBillingUsername, "EKL_BILL_PASS": sandbox.DemoBillingPassword, "EKL_KEY": sandbox.DemoAPIKey} {
		b.Setenv(k, v)
	}
	cfg := config.Default()
	cfg.Profile = "oneshot"
	be := &cfg.Backend
	be.OneShotURL, be.BiometricURL, be.OrgID = base, base, "acme"
	be.RegistrationAuthority, be.CertProfile = sandbox.DemoRegistrationAuthority, "PFnubeQAFCiudadano"
	be.Username, be.Password, be.PIN = config.SecretRef{Env: "EKL_USER"}, config.SecretRef{Env: "EKL_PASS"}, config.SecretRef{Env: "EKL_PIN"}
	be.BillingUsername, be.BillingPassword = config.SecretRef{Env: "EKL_BILL_USER"}, config.SecretRef{Env: "EKL_BILL_PASS"}
	be.APIKey = config.SecretRef{Env: "EKL_KEY"}
	w, err := agent.New(context.Background(), agent.Options{Config: cfg, Store: db, PollInterval: 100 * time.Millisecond,
		Device: sandboxtest.Device{ID: "inst-link", FP: "fp-link", Loc: "40.416775,-3.703790"}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	sum, err := w.Drain(ctx)
	ours := time.Since(start)
	b.StopTimer()
	if err != nil || sum.Confirmed != n {
		rej, _ := db.List(context.Background(), store.Filter{States: []store.State{store.Rejected}})
		if len(rej) > 0 {
			b.Logf("first rejection: %s", rej[0].Reason)
		}
		b.Fatalf("drain: %v, %+v", err, sum)
	}
	sent := sh.up.bytes.Load()

	payload := filepath.Join(dir, "payload")
	if err := os.WriteFile(payload, make([]byte, sent), 0o600); err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	out, err := exec.Command("curl", "-sS", "-o", "/dev/null", "-H", "Expect:", "--data-binary", "@"+payload, base+"/_bench/discard").CombinedOutput()
	curl := time.Since(start)
	if err != nil {
		b.Fatalf("curl: %v %s", err, out)
	}
	b.ReportMetric(ours.Seconds(), "s-drain")
	b.ReportMetric(curl.Seconds(), "s-curl")
	b.ReportMetric(ours.Seconds()/curl.Seconds(), "drain/curl")
	b.Logf("%d enrolments, %.1f MB up through 10 Mbit/s, 100 ms RTT: drain %v, curl of the same bytes %v, ratio %.2f",
		n, float64(sent)/1e6, ours.Round(time.Millisecond), curl.Round(time.Millisecond), ours.Seconds()/curl.Seconds())
}

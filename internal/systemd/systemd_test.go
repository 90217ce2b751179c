//go:build !windows

package systemd_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/systemd"
)

// fakeSystemd listens on a unixgram notify socket and collects the datagrams.
func fakeSystemd(t *testing.T) (string, <-chan string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	got := make(chan string, 100)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			got <- string(buf[:n])
		}
	}()
	return path, got
}

func TestNotifySendsDatagrams(t *testing.T) {
	path, got := fakeSystemd(t)
	n := systemd.NotifierFromEnv(func(k string) string { return map[string]string{"NOTIFY_SOCKET": path}[k] })
	if err := n.Notify(context.Background(), systemd.Ready); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "READY=1" {
		t.Fatalf("got %q", s)
	}
	if err := (systemd.Notifier{}).Notify(context.Background(), systemd.Ready); err != systemd.ErrNoSocket {
		t.Fatalf("without a socket: %v", err)
	}
}

func TestWatchdogInterval(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if d, ok := systemd.WatchdogInterval(env(map[string]string{"WATCHDOG_USEC": "30000000"}), 42); !ok || d != 30*time.Second {
		t.Errorf("30s: %v %v", d, ok)
	}
	if _, ok := systemd.WatchdogInterval(env(map[string]string{"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "7"}), 42); ok {
		t.Error("a watchdog meant for another pid was taken")
	}
	if _, ok := systemd.WatchdogInterval(env(nil), 42); ok {
		t.Error("no WATCHDOG_USEC still asked for pings")
	}
}

// ui is a simulated UI goroutine: it runs what is posted to it, until it hangs.
type ui struct {
	queue chan func()
	hung  atomic.Bool
}

func newUI(ctx context.Context) *ui {
	u := &ui{queue: make(chan func(), 100)}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case fn := <-u.queue:
				for u.hung.Load() { // a hung event loop: stuck in a handler
					time.Sleep(time.Millisecond)
					if ctx.Err() != nil {
						return
					}
				}
				fn()
			}
		}
	}()
	return u
}

func (u *ui) Do(fn func()) { u.queue <- fn }

// TestHungUIStopsThePings runs the watchdog with a UI round trip as its heartbeat: it
// pings while the UI answers, stops while it hangs (so systemd would restart the app
// after WatchdogSec), and pings again once it answers.
func TestHungUIStopsThePings(t *testing.T) {
	path, got := fakeSystemd(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	u := newUI(ctx)
	interval := 80 * time.Millisecond
	go systemd.WatchdogLoop{Pinger: systemd.Notifier{Socket: path}, Interval: interval, Heartbeats: []systemd.Heartbeat{systemd.RoundTrip(u.Do)}}.Run(ctx)

	count := func(d time.Duration) int {
		n, end := 0, time.After(d)
		for {
			select {
			case s := <-got:
				if s != "WATCHDOG=1" {
					t.Errorf("unexpected datagram %q", s)
				}
				n++
			case <-end:
				return n
			}
		}
	}
	if n := count(5 * interval); n < 3 {
		t.Fatalf("healthy UI: %d pings in 5 watchdog intervals", n)
	}
	u.hung.Store(true)
	count(interval) // a ping already on its way
	if n := count(5 * interval); n != 0 {
		t.Fatalf("hung UI: %d pings in 5 watchdog intervals; systemd would not restart it", n)
	}
	u.hung.Store(false)
	if n := count(5 * interval); n < 2 {
		t.Fatalf("recovered UI: %d pings", n)
	}
}

func TestStderrIsJournal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stream")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatUint(st.Dev, 10) + ":" + strconv.FormatUint(st.Ino, 10)
	if !systemd.StderrIsJournal(func(string) string { return id }, f) {
		t.Error("the journal's own stream was not recognised")
	}
	if systemd.StderrIsJournal(func(string) string { return "1:2" }, f) {
		t.Error("a redirected stderr was taken for the journal")
	}
	if systemd.StderrIsJournal(func(string) string { return "" }, f) {
		t.Error("no JOURNAL_STREAM was taken for the journal")
	}
}

// TestUnitFile checks the unit shipped in the release package: a notify service with a
// watchdog, restarted when it stops pinging.
func TestUnitFile(t *testing.T) {
	b, err := os.ReadFile("../../assets/systemd/enrolkiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, want := range []string{"Type=notify", "NotifyAccess=main", "WatchdogSec=", "Restart=always", "ExecStart=/usr/local/bin/enrolkiosk"} {
		if !strings.Contains(unit, "\n"+want) {
			t.Errorf("the unit has no %s", want)
		}
	}
}

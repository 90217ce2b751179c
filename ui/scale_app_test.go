package ui

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

// The scale run's app phases run the enrolkiosk binary itself, so that the time from
// SIGTERM to exit is the real app's shutdown path: main's signal handling, run's
// cancel, its wait for every worker, the store closed last.

// buildBinaries builds cmd/enrolkiosk and cmd/sandbox (without the race detector: the
// run measures them at full speed) into dir.
func buildBinaries(tb testing.TB, dir string) {
	tb.Helper()
	build := exec.Command("go", "build", "-o", dir+"/", "./cmd/enrolkiosk", "./cmd/sandbox")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build enrolkiosk and sandbox: %v %s", err, out)
	}
}

// startXvfb starts a virtual X server on a free display for the app and returns its
// name (":N"); it stops with the test.
func startXvfb(tb testing.TB) string {
	tb.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		tb.Skip("Xvfb not installed (make deps)")
	}
	first := 400 + int(time.Now().UnixNano()%400)
	for n := first; n < first+50; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		if tryXvfb(tb, n) {
			return fmt.Sprintf(":%d", n)
		}
	}
	tb.Fatal("no free X display in 50 tries")
	return ""
}

// tryXvfb starts Xvfb on display n and reports whether it came up.
func tryXvfb(tb testing.TB, n int) bool {
	tb.Helper()
	x := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	if err := x.Start(); err != nil {
		tb.Fatalf("start Xvfb: %v", err)
	}
	exited := make(chan struct{})
	go func() { x.Wait(); close(exited) }()
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-exited:
			return false // the number was taken after all
		default:
		}
		if _, err := os.Stat(sock); err == nil {
			// SIGTERM, not SIGKILL: Xvfb then removes its lock file.
			tb.Cleanup(func() { x.Process.Signal(syscall.SIGTERM); <-exited })
			return true
		}
	}
	x.Process.Kill()
	<-exited
	tb.Fatalf("Xvfb :%d did not come up in 20 s", n)
	return false
}

// appConfig writes the app's configuration for the scale run: the oneshot profile at
// backend, credentials from the EKB_* variables, the key file the test store uses, and
// the given retention.
func appConfig(tb testing.TB, path, backend, retention string) {
	tb.Helper()
	toml := fmt.Sprintf(`profile = "oneshot"
branch_id = "MAD-01"
language = "en"

[backend]
oneshot_url = %q
registration_authority = %q
cert_profile = "PFnubeQAFCiudadano"
username = { env = "EKB_USER" }
password = { env = "EKB_PASS" }
pin = { env = "EKB_PIN" }
billing_username = { env = "EKB_BILL_USER" }
billing_password = { env = "EKB_BILL_PASS" }

[kiosk]
fullscreen = false

[store]
retention = %q
keyring = false
min_free_mib = 1
key_protection = "file"
`, backend, sandbox.DemoRegistrationAuthority, retention)
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// gcLine matches the heap sizes of a GODEBUG=gctrace=1 line: at the start of the cycle,
// at its end, and live.
var gcLine = regexp.MustCompile(`(\d+)->(\d+)->(\d+) MB`)

// appProc is the enrolkiosk binary running for the scale run.
type appProc struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
	// peakHeap is the largest heap a GC cycle started at (gctrace), peakAnon the largest
	// anonymous RSS seen (/proc), both in bytes.
	peakHeap, peakAnon atomic.Uint64
	mu                 sync.Mutex
	tail               []string // the last lines it logged
	clean              bool     // it logged "shut down cleanly"
}

// startApp runs the enrolkiosk binary in bin on display with cfg and dataDir, its heap
// traced by the GC and its RSS sampled until it exits.
func startApp(tb testing.TB, bin, display, cfg, dataDir string) *appProc {
	tb.Helper()
	home := tb.TempDir()
	cmd := exec.Command(filepath.Join(bin, "enrolkiosk"), "--config", cfg, "--data-dir", dataDir)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home, "LANG=en_US.UTF-8", "LC_ALL=", "GODEBUG=gctrace=1",
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	p := &appProc{cmd: cmd, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start enrolkiosk: %v", err)
	}
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			p.line(sc.Text())
		}
		io.Copy(io.Discard, pr)
	}()
	go func() {
		p.err = cmd.Wait()
		pw.Close()
		<-read
		close(p.done)
	}()
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if _, anon := procRSS(cmd.Process.Pid); anon > p.peakAnon.Load() {
				p.peakAnon.Store(anon)
			}
			select {
			case <-p.done:
				return
			case <-t.C:
			}
		}
	}()
	tb.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// line takes one line the app printed.
func (p *appProc) line(s string) {
	if m := gcLine.FindStringSubmatch(s); m != nil && strings.HasPrefix(s, "gc ") {
		if mb, _ := strconv.ParseUint(m[1], 10, 64); mb<<20 > p.peakHeap.Load() {
			p.peakHeap.Store(mb << 20)
		}
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clean = p.clean || strings.Contains(s, "shut down cleanly")
	p.tail = append(p.tail, s)
	if len(p.tail) > 40 {
		p.tail = p.tail[1:]
	}
}

// logged returns the app's last lines.
func (p *appProc) logged() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.tail, "\n")
}

// sigterm sends SIGTERM and returns how long the app took to exit; the app must exit
// with status 0 having logged its clean shutdown (a minute is the hang guard).
func (p *appProc) sigterm(tb testing.TB) time.Duration {
	tb.Helper()
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		tb.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		tb.Fatalf("enrolkiosk still running a minute after SIGTERM:\n%s", p.logged())
	}
	took := time.Since(start)
	p.mu.Lock()
	clean := p.clean
	p.mu.Unlock()
	if p.err != nil || !clean {
		tb.Fatalf("enrolkiosk after SIGTERM: %v, clean shutdown logged: %v:\n%s", p.err, clean, p.logged())
	}
	return took
}

// exited reports whether the app has exited (it must not before the SIGTERM).
func (p *appProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// countingProxy stands between the app and the sandbox: it counts the answers, those
// 429, and the uploads in flight (the moments a SIGTERM lands mid-delivery).
type countingProxy struct {
	answered, limited, uploading atomic.Int64
}

// start serves the proxy to target; it stops with the test.
func (c *countingProxy) start(tb testing.TB, target string) string {
	tb.Helper()
	u, err := url.Parse(target)
	if err != nil {
		tb.Fatal(err)
	}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(u); r.Out.Host = r.In.Host },
		ErrorLog: log.New(io.Discard, "", 0), ModifyResponse: func(resp *http.Response) error {
			c.answered.Add(1)
			if resp.StatusCode == http.StatusTooManyRequests {
				c.limited.Add(1)
			}
			return nil
		}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/evidences") {
			c.uploading.Add(1)
			defer c.uploading.Add(-1)
		}
		rp.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// procRSS returns the resident set size of process pid and its anonymous part (heap,
// stacks: not the store's memory-mapped file), in bytes.
func procRSS(pid int) (total, anon uint64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseUint(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			total = kb << 10
		case "RssAnon:":
			anon = kb << 10
		}
	}
	return total, anon
}

// startSandbox starts the sandbox binary in bin as its own process (so that this
// process's memory is the app's alone), ignoring Idempotency-Key, with no review delays,
// its data under dir; it returns the base URL.
func startSandbox(tb testing.TB, bin, dir string) string {
	tb.Helper()
	cmd := exec.Command(filepath.Join(bin, "sandbox"), "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "sandbox"),
		"--ignore-idempotency", "--processing-delay", "0", "--approval-delay", "0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		tb.Fatalf("sandbox: %v", err)
	}
	go io.Copy(io.Discard, out)
	u, ok := strings.CutPrefix(strings.TrimSpace(line), "sandbox listening on ")
	if !ok {
		tb.Fatalf("sandbox said %q", line)
	}
	return u
}

//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binDir holds the binaries built once for the whole package by TestMain.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "enrolkiosk-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	root, err := repoRoot()
	if err == nil {
		// Built with the race detector: the real app's goroutines (status monitor, sync
		// worker, camera frames, the UI bridge) are checked while a person drives it.
		cmd := exec.Command("go", "build", "-race", "-o", dir+"/", "./cmd/enrolkiosk", "./cmd/enrolctl", "./cmd/sandbox")
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stderr, os.Stderr
		err = cmd.Run()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build binaries:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildBinaries returns the directory holding enrolkiosk, enrolctl and sandbox.
func buildBinaries(t *testing.T) string {
	t.Helper()
	if binDir == "" {
		t.Fatal("binaries were not built")
	}
	return binDir
}

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// artifactDir returns e2e/artifacts/<test name>, kept after the run for people to look at.
func artifactDir(t *testing.T) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "e2e", "artifacts", strings.ReplaceAll(t.Name(), "/", "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// display is a virtual X server with a window manager.
type display struct {
	name string // ":N"
	home string // a HOME of its own, so no user config or data is touched
}

// startX starts Xvfb (1280x800) on a free display and openbox on it (with wmArgs, e.g. the
// kiosk's --config-file); both stop with the test.
// It picks the display number itself, because other test runs on the same machine may own
// the low numbers, and moves on to the next number when Xvfb cannot take one.
func startX(t *testing.T, wmArgs ...string) *display {
	t.Helper()
	d := &display{home: t.TempDir()}
	first := 100 + int(time.Now().UnixNano()%400)
	for n := first; n < first+50; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		if d.tryXvfb(t, n) {
			d.startWM(t, wmArgs...)
			return d
		}
	}
	t.Fatal("no free X display in 50 tries")
	return nil
}

// tryXvfb starts Xvfb on display n and reports whether it came up.
func (d *display) tryXvfb(t *testing.T, n int) bool {
	t.Helper()
	xerr := &lockedBuffer{}
	// No key autorepeat: on a loaded machine xdotool's key release may come late, and a
	// repeated key would type a character twice.
	xvfb := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset",
		"-r", "-ardelay", "60000")
	xvfb.Stderr = xerr
	if err := xvfb.Start(); err != nil {
		t.Fatalf("start Xvfb (make deps installs it): %v", err)
	}
	exited := make(chan struct{})
	go func() { xvfb.Wait(); close(exited) }()
	d.name = fmt.Sprintf(":%d", n)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case <-exited:
			return false // the number was taken after all
		default:
		}
		if _, err := d.run(t, 5*time.Second, "xdpyinfo"); err == nil {
			// SIGTERM, not SIGKILL: Xvfb then removes its lock file.
			t.Cleanup(func() { xvfb.Process.Signal(syscall.SIGTERM); <-exited })
			return true
		}
	}
	xvfb.Process.Kill()
	<-exited
	t.Fatalf("Xvfb on %s did not answer within 20s: %s", d.name, xerr.String())
	return false
}

// startWM starts openbox with args and waits until it manages the display.
func (d *display) startWM(t *testing.T, args ...string) {
	t.Helper()
	wm := exec.Command("openbox", append([]string{"--sm-disable"}, args...)...)
	wm.Env = d.env()
	if err := wm.Start(); err != nil {
		t.Fatalf("start openbox: %v", err)
	}
	t.Cleanup(func() { wm.Process.Signal(syscall.SIGTERM); wm.Wait() })
	var last error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, last = d.run(t, 5*time.Second, "wmctrl", "-m"); last == nil {
			return
		}
	}
	t.Fatalf("openbox did not start on %s: %v", d.name, last)
}

// env is the environment of every program started on the display: its own HOME and XDG
// dirs, English, and no inherited DISPLAY.
func (d *display) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISPLAY", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "LANG", "LANGUAGE", "LC_ALL":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DISPLAY="+d.name, "HOME="+d.home, "LANG=en_US.UTF-8",
		"XDG_CONFIG_HOME="+filepath.Join(d.home, ".config"), "XDG_DATA_HOME="+filepath.Join(d.home, ".local", "share"),
		"XDG_CACHE_HOME="+filepath.Join(d.home, ".cache"))
}

// proc is a program running on the display.
type proc struct {
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
	err  error
}

// lockedBuffer collects a process's output while tests read it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs bin (a name in the binaries dir) with args on the display. Its output is
// logged when the test fails, and it is killed at the end if still running.
func (d *display) start(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	return d.startEnv(t, nil, bin, args...)
}

// startEnv is start with extra environment entries ("KEY=value").
func (d *display) startEnv(t *testing.T, env []string, bin string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(filepath.Join(buildBinaries(t), bin), args...)
	cmd.Env = append(d.env(), env...)
	p := &proc{cmd: cmd, out: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
		if out := p.out.String(); strings.Contains(out, "WARNING: DATA RACE") {
			t.Errorf("%s reported a data race:\n%s", bin, out)
		} else if t.Failed() {
			t.Logf("%s output:\n%s", bin, out)
		}
	})
	return p
}

// output returns what the process printed so far.
func (p *proc) output() string { return p.out.String() }

// stop sends SIGTERM and waits up to timeout for the process to exit; it returns the exit
// error (nil for status 0) or an error when the process did not exit in time.
func (p *proc) stop(t *testing.T, timeout time.Duration) error {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("send SIGTERM: %w", err)
	}
	return p.wait(timeout)
}

// wait waits up to timeout for the process to exit by itself.
func (p *proc) wait(timeout time.Duration) error {
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		return fmt.Errorf("still running %v after the request to stop", timeout)
	}
}

// run runs a tool (xdotool, wmctrl, import) against the display and returns its output.
func (d *display) run(t *testing.T, timeout time.Duration, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = d.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out)), nil
}

// xdotool runs xdotool with args and fails the test on error.
func (d *display) xdotool(t *testing.T, args ...string) string {
	t.Helper()
	out, err := d.run(t, 30*time.Second, "xdotool", args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// waitWindow waits up to 60 s for a visible window whose title is exactly title and returns
// its id.
func (d *display) waitWindow(t *testing.T, title string) string {
	t.Helper()
	out, err := d.run(t, 60*time.Second, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^"+title+"$")
	if err != nil {
		t.Fatalf("window %q did not appear: %v", title, err)
	}
	return strings.Fields(out)[0]
}

// screenshot saves the whole screen as a PNG at path and returns the decoded image.
func (d *display) screenshot(t *testing.T, path string) image.Image {
	t.Helper()
	if _, err := d.run(t, 30*time.Second, "import", "-window", "root", "png:"+path); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode screenshot %s: %v", path, err)
	}
	return img
}

// windowRect returns a window's rectangle on the screen.
func (d *display) windowRect(t *testing.T, win string) image.Rectangle {
	t.Helper()
	out := d.xdotool(t, "getwindowgeometry", "--shell", win)
	v := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		k, val, ok := strings.Cut(line, "=")
		if ok {
			v[k], _ = strconv.Atoi(val)
		}
	}
	return image.Rect(v["X"], v["Y"], v["X"]+v["WIDTH"], v["Y"]+v["HEIGHT"])
}

// waitDrawn takes screenshots (saved at path) until the window win shows a drawn frame,
// not a blank one, and returns the last; it fails the test after 30 s.
func (d *display) waitDrawn(t *testing.T, win, path string) image.Image {
	t.Helper()
	geom := d.windowRect(t, win)
	var n int
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		img := d.screenshot(t, path)
		if n = distinctColours(img, geom.Intersect(img.Bounds()), 64); n >= 16 {
			return img
		}
	}
	t.Fatalf("the window looks blank: %d distinct colours in %v (screenshot %s)", n, geom, path)
	return nil
}

// distinctColours counts the distinct colours in the rectangle r of img, up to limit.
func distinctColours(img image.Image, r image.Rectangle, limit int) int {
	seen := map[[3]uint32]struct{}{}
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr >> 8, cg >> 8, cb >> 8}] = struct{}{}
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// waitFullScreen waits up to 30 s until the window win covers the whole screen: a window
// asked to start full screen may be mapped at its own size first.
func (d *display) waitFullScreen(t *testing.T, win string) {
	t.Helper()
	f := strings.Fields(d.xdotool(t, "getdisplaygeometry"))
	if len(f) != 2 {
		t.Fatalf("xdotool getdisplaygeometry: %q", f)
	}
	w, _ := strconv.Atoi(f[0])
	h, _ := strconv.Atoi(f[1])
	screen := image.Rect(0, 0, w, h)
	var r image.Rectangle
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r = d.windowRect(t, win); r == screen {
			return
		}
	}
	t.Fatalf("the window is %v, not full screen %v", r, screen)
}

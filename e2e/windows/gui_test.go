//go:build windows_e2e

package windows

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startXvfb starts Xvfb on a free display number and returns its name (":N").
func startXvfb(t *testing.T) string {
	t.Helper()
	first := 600 + int(time.Now().UnixNano()%300)
	for n := first; n < first+50; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		name := fmt.Sprintf(":%d", n)
		x := exec.Command("Xvfb", name, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
		if err := x.Start(); err != nil {
			t.Fatalf("start Xvfb (make windows-deps installs it): %v", err)
		}
		exited := make(chan struct{})
		go func() { x.Wait(); close(exited) }()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			select {
			case <-exited:
				goto next
			default:
			}
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				t.Cleanup(func() { x.Process.Signal(syscall.SIGTERM); <-exited })
				return name
			}
		}
		x.Process.Kill()
		<-exited
	next:
	}
	t.Fatal("no free X display in 50 tries")
	return ""
}

// lockedBuffer is a bytes.Buffer safe for a process writing and a test reading.
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

// screenshot saves the whole screen of display as a PNG at path and decodes it.
func screenshot(t *testing.T, display, path string) image.Image {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "import", "-display", display, "-window", "root", "png:"+path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, b)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// distinctColours counts the distinct colours of img, up to limit.
func distinctColours(img image.Image, limit int) int {
	seen := map[[3]uint32]struct{}{}
	r := img.Bounds()
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

// kiosk is enrolkiosk.exe running under Wine on an Xvfb display.
type kiosk struct {
	cmd     *exec.Cmd
	out     *lockedBuffer
	exited  chan struct{}
	display string
}

// startKiosk starts the kiosk in demo mode (the in-process sandbox, the test camera) on
// its own display and data dir.
func startKiosk(t *testing.T, w *wine) *kiosk {
	t.Helper()
	display := startXvfb(t)
	data := t.TempDir()
	k := &kiosk{out: &lockedBuffer{}, exited: make(chan struct{}), display: display}
	k.cmd = exec.Command(w.loader, filepath.Join(w.bin, "enrolkiosk.exe"), "--demo", "--data-dir", winPath(data))
	k.cmd.Env = w.env([]string{"DISPLAY=" + display, "LANG=en_US.UTF-8", "LC_ALL=en_US.UTF-8"})
	k.cmd.Stdout, k.cmd.Stderr = k.out, k.out
	k.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { k.cmd.Wait(); close(k.exited) }()
	t.Cleanup(func() {
		select {
		case <-k.exited:
		default:
			syscall.Kill(-k.cmd.Process.Pid, syscall.SIGKILL)
			<-k.exited
		}
	})
	return k
}

// waitDrawn takes screenshots (kept at path) until the screen shows a drawn window, and
// returns the last.
func (k *kiosk) waitDrawn(t *testing.T, path string) image.Image {
	t.Helper()
	var n int
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(time.Second) {
		select {
		case <-k.exited:
			t.Fatalf("enrolkiosk.exe exited before drawing its window:\n%s", k.out.String())
		default:
		}
		img := screenshot(t, k.display, path)
		if n = distinctColours(img, 64); n >= 32 && strings.Contains(k.out.String(), "started") {
			time.Sleep(2 * time.Second) // let the first frames settle
			return screenshot(t, k.display, path)
		}
	}
	t.Fatalf("the screen stayed blank: %d colours (screenshot %s)\n%s", n, path, k.out.String())
	return nil
}

// waitExit waits for the kiosk to end by itself and returns its output.
func (k *kiosk) waitExit(t *testing.T, timeout time.Duration) string {
	t.Helper()
	select {
	case <-k.exited:
		return k.out.String()
	case <-time.After(timeout):
		t.Fatalf("enrolkiosk.exe still running %v later:\n%s", timeout, k.out.String())
	}
	return ""
}

// TestGUILoginScreenUnderWine: the packaged kiosk draws its window (the operator's login)
// under Wine and Xvfb; the screenshot is kept in .cache/windows/artifacts. Windows ending
// the session (wineboot --end-session: WM_QUERYENDSESSION, WM_ENDSESSION) then stops it
// cleanly.
func TestGUILoginScreenUnderWine(t *testing.T) {
	w := setup(t)
	k := startKiosk(t, w)
	shot := filepath.Join(artifactDir(t, w), "login.png")
	k.waitDrawn(t, shot)
	t.Logf("login screen: %s", shot)

	end := exec.Command("wineboot", "--end-session")
	end.Env = w.env([]string{"DISPLAY=" + k.display})
	if b, err := end.CombinedOutput(); err != nil {
		t.Logf("wineboot --end-session: %v %s", err, b)
	}
	out := k.waitExit(t, 30*time.Second)
	for _, want := range []string{"Windows is ending the session", "shut down cleanly"} {
		if !strings.Contains(out, want) {
			t.Errorf("the kiosk's log lacks %q:\n%s", want, out)
		}
	}
}

// TestGUIWindowCloseUnderWine: closing the kiosk's window (taskkill without /f posts
// WM_CLOSE to it, as the title bar's close button does) stops the app cleanly.
func TestGUIWindowCloseUnderWine(t *testing.T) {
	w := setup(t)
	k := startKiosk(t, w)
	k.waitDrawn(t, filepath.Join(artifactDir(t, w), "before-close.png"))
	closeCmd := exec.Command(w.loader, "taskkill", "/im", "enrolkiosk.exe")
	closeCmd.Env = w.env([]string{"DISPLAY=" + k.display})
	if b, err := closeCmd.CombinedOutput(); err != nil {
		t.Fatalf("taskkill /im enrolkiosk.exe: %v\n%s", err, b)
	}
	out := k.waitExit(t, 30*time.Second)
	if !strings.Contains(out, "shut down cleanly") {
		t.Errorf("the kiosk's log lacks %q:\n%s", "shut down cleanly", out)
	}
	if code := k.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d after closing the window", code)
	}
}

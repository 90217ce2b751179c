//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// windowTitle is the main window's title in English.
const windowTitle = "Enrol Kiosk"

// TestSmoke starts the real app in demo mode, waits for its window, checks that it draws
// something (not a blank frame), and that SIGTERM shuts it down cleanly and quickly.
func TestSmoke(t *testing.T) {
	d := startX(t)
	data := t.TempDir()
	env, probe := probeEnv(t.TempDir())
	app := d.startEnv(t, []string{env}, "enrolkiosk", "--demo", "--data-dir", data)
	win := d.waitWindow(t, windowTitle)
	(&screen{t: t, d: d, path: probe}).waitText("Operator login")
	shot := filepath.Join(artifactDir(t), "window.png")
	d.waitDrawn(t, win, shot)
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		copyFile(t, shot, filepath.Join(dir, "screenshot.png"))
	}
	waitFor(t, 20*time.Second, func() bool {
		return strings.Contains(app.output(), "Backend online") || strings.Contains(app.output(), "started")
	})

	if err := app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	if !strings.Contains(app.output(), "shut down cleanly") {
		t.Fatalf("no clean shutdown logged:\n%s", app.output())
	}
}

// TestWindowClose closes the window the way a person does (the window manager's close,
// WM_DELETE_WINDOW) and expects the same clean shutdown as SIGTERM.
func TestWindowClose(t *testing.T) {
	d := startX(t)
	app := d.start(t, "enrolkiosk", "--demo", "--data-dir", t.TempDir())
	win := d.waitWindow(t, windowTitle)
	waitFor(t, 20*time.Second, func() bool { return strings.Contains(app.output(), "started") })
	if _, err := d.run(t, 10*time.Second, "wmctrl", "-i", "-c", win); err != nil {
		t.Fatal(err)
	}
	if err := app.wait(10 * time.Second); err != nil {
		t.Fatalf("after closing the window: %v", err)
	}
	if !strings.Contains(app.output(), "shut down cleanly") {
		t.Fatalf("no clean shutdown logged:\n%s", app.output())
	}
}

// TestBadConfigStillOpens starts the app with a configuration that has an unknown key:
// the app must still open, showing the refusal with its line (Settings opens after login), rather than exit.
func TestBadConfigStillOpens(t *testing.T) {
	d := startX(t)
	cfg := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(cfg, []byte("profile = \"oneshot\"\nbranch_idd = \"B1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	app := d.start(t, "enrolkiosk", "--config", cfg, "--data-dir", t.TempDir())
	win := d.waitWindow(t, windowTitle)
	waitFor(t, 20*time.Second, func() bool { return strings.Contains(app.output(), "configuration refused") })
	if !strings.Contains(app.output(), "line 2") {
		t.Fatalf("the refusal does not name the line:\n%s", app.output())
	}
	d.waitDrawn(t, win, filepath.Join(artifactDir(t), "refused.png"))
	if err := app.stop(t, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("condition not met within %v", timeout)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

//go:build windows_e2e

package windows

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// wine is the Wine set-up shared by the tests: a prefix under .cache/windows (kept between
// runs, so that a warm run skips wineboot) and the folder of the cross-built programs.
type wine struct {
	root    string // the repository
	bin     string // enrolkiosk.exe, enrolctl.exe, sandbox.exe
	prefix  string
	loader  string // wine64 where Debian has it, else wine
	version string
	shim    bool // the ProcessPrng shim DLL is installed in the prefix
}

var (
	wineOnce sync.Once
	wineEnv  *wine
	wineErr  error
)

// setup returns the shared Wine set-up, making it on first use: wineboot when the prefix
// is new, and the ProcessPrng shim when this Wine's bcryptprimitives.dll lacks it.
func setup(t *testing.T) *wine {
	t.Helper()
	wineOnce.Do(func() { wineEnv, wineErr = newWine() })
	if wineErr != nil {
		t.Fatal(wineErr)
	}
	return wineEnv
}

func newWine() (*wine, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	w := &wine{root: root, bin: os.Getenv("WINDOWS_BIN"), prefix: filepath.Join(root, ".cache", "windows", "wine")}
	if w.bin == "" {
		w.bin = filepath.Join(root, "bin", "windows")
	}
	for _, exe := range []string{"enrolkiosk.exe", "enrolctl.exe", "sandbox.exe"} {
		if _, err := os.Stat(filepath.Join(w.bin, exe)); err != nil {
			return nil, fmt.Errorf("%s: %w (run make windows, or set WINDOWS_BIN)", exe, err)
		}
	}
	w.loader = "wine"
	if _, err := os.Stat("/usr/lib/wine/wine64"); err == nil {
		w.loader = "/usr/lib/wine/wine64"
	}
	out, err := exec.Command("wine", "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("wine --version (make windows-deps installs Wine): %w", err)
	}
	w.version = strings.TrimSpace(string(out))
	if err := os.MkdirAll(filepath.Dir(w.prefix), 0o755); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(w.prefix, "system.reg")); err != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "wineboot", "--init")
		cmd.Env = w.env(nil)
		if b, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("wineboot --init: %w\n%s", err, b)
		}
	}
	if !builtinHasProcessPrng() {
		if err := w.installShim(); err != nil {
			return nil, err
		}
		w.shim = true
	}
	return w, nil
}

// builtinHasProcessPrng reports whether this Wine's own bcryptprimitives.dll exports
// ProcessPrng (Wine 9 and later; Wine 8 lacks it and Go programs then die at start).
func builtinHasProcessPrng() bool {
	dlls, _ := filepath.Glob("/usr/lib/*/wine/x86_64-windows/bcryptprimitives.dll")
	more, _ := filepath.Glob("/usr/lib/wine/x86_64-windows/bcryptprimitives.dll")
	for _, dll := range append(dlls, more...) {
		out, err := exec.Command("x86_64-w64-mingw32-objdump", "-p", dll).Output()
		if err == nil && bytes.Contains(out, []byte("ProcessPrng")) {
			return true
		}
	}
	return false
}

// installShim builds testdata/processprng.c with mingw and puts it in the prefix's
// system32, where Go looks for bcryptprimitives.dll.
func (w *wine) installShim() error {
	dir, err := os.MkdirTemp("", "processprng-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dll := filepath.Join(dir, "bcryptprimitives.dll")
	here := filepath.Join(w.root, "e2e", "windows", "testdata")
	cmd := exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-shared", "-static-libgcc", "-o", dll,
		filepath.Join(here, "processprng.c"), filepath.Join(here, "processprng.def"), "-lbcrypt")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the ProcessPrng shim: %w\n%s", err, b)
	}
	b, err := os.ReadFile(dll)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(w.prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll"), b, 0o644)
}

// env is the environment of a Wine program: the prefix, no Wine debug output, no Mono or
// Gecko install prompts, the shim preferred over a builtin, plus extra.
func (w *wine) env(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES", "WINEARCH", "DISPLAY":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "WINEPREFIX="+w.prefix, "WINEDEBUG=-all", "WINEARCH=win64",
		"WINEDLLOVERRIDES=mscoree,mshtml=;bcryptprimitives=n,b")
	return append(env, extra...)
}

// result is what a finished Wine program left.
type result struct {
	code           int
	stdout, stderr string
}

// run runs a Windows program under Wine in dir with the extra environment and waits for it,
// at most timeout.
func (w *wine) run(t *testing.T, timeout time.Duration, dir string, extra []string, exe string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.loader, append([]string{exe}, args...)...)
	cmd.Dir, cmd.Env = dir, w.env(extra)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ctx.Err() != nil {
		t.Fatalf("%s %s: still running after %v\n%s\n%s", filepath.Base(exe), strings.Join(args, " "), timeout, r.stdout, r.stderr)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %s: %v", exe, err)
	}
	return r
}

// winPath is path as a Windows program under Wine sees it (drive Z: is the Unix root).
func winPath(path string) string { return `Z:` + strings.ReplaceAll(path, "/", `\`) }

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

// artifactDir returns .cache/windows/artifacts/<test name>, kept after the run for people
// to look at.
func artifactDir(t *testing.T, w *wine) string {
	t.Helper()
	dir := filepath.Join(w.root, ".cache", "windows", "artifacts", t.Name())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

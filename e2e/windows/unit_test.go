//go:build windows_e2e

package windows

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// windowsUnitPackages are the packages with Windows code of their own (or Windows-only
// tests) whose unit tests must pass on Windows.
var windowsUnitPackages = []string{"store", "config", "internal/paths", "internal/durable", "internal/acl", "internal/endsession", "sync/retry"}

// windowsCgoUnitPackages are cgo packages whose tests run under Wine too, built the way
// scripts/windows-build.sh builds the programs: mingw, the static libraries from
// scripts/windows-deps.sh, -extldflags -static. They prove the cross-built C libraries
// work, not only link.
var windowsCgoUnitPackages = []string{"capture/document/turbojpeg"}

// linuxToolTests are, per package, the tests that drive Linux programs (openssl, swtpm)
// the Wine prefix does not have; make test runs them on Linux. They are skipped by name
// (-test.skip) so that every other test of the package still runs under Wine.
var linuxToolTests = map[string]string{
	"store": "^(TestExportVerifiesWithOpenSSLAndSha256|TestTPMDataDirOpensOnlyWithItsTPM|TestRekeyToTPM)$",
}

// TestUnitTestsUnderWine cross-builds each package's tests with `go test -c` for Windows
// and runs the test exe under Wine in the package's folder (for its testdata).
func TestUnitTestsUnderWine(t *testing.T) {
	w := setup(t)
	dir := t.TempDir()
	overlay := deleteFallbackOverlay(t, dir)
	pure := append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	deps := exec.Command(filepath.Join(w.root, "scripts", "windows-deps.sh"), "--print-pkg-config-libdir")
	deps.Dir = w.root
	deps.Stderr = os.Stderr
	pcdirs, err := deps.Output()
	if err != nil {
		t.Fatalf("scripts/windows-deps.sh --print-pkg-config-libdir: %v", err)
	}
	cgo := append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=1",
		"CC=x86_64-w64-mingw32-gcc", "CXX=x86_64-w64-mingw32-g++",
		"PKG_CONFIG_LIBDIR="+strings.TrimSpace(string(pcdirs)), "PKG_CONFIG_PATH=")
	type unit struct {
		pkg   string
		env   []string
		flags []string
	}
	var units []unit
	for _, pkg := range windowsUnitPackages {
		units = append(units, unit{pkg, pure, nil})
	}
	for _, pkg := range windowsCgoUnitPackages {
		units = append(units, unit{pkg, cgo, []string{"-ldflags=-extldflags=-static"}})
	}
	for _, u := range units {
		pkg := u.pkg
		t.Run(strings.ReplaceAll(pkg, "/", "_"), func(t *testing.T) {
			exe := filepath.Join(dir, strings.ReplaceAll(pkg, "/", "_")+".test.exe")
			args := append([]string{"test", "-c", "-overlay", overlay}, u.flags...)
			build := exec.Command("go", append(args, "-o", exe, "./"+pkg)...)
			build.Dir = w.root
			build.Env = u.env
			if b, err := build.CombinedOutput(); err != nil {
				t.Fatalf("go test -c ./%s for Windows: %v\n%s", pkg, err, b)
			}
			run := []string{"-test.count=1", "-test.timeout=9m"}
			if skip := linuxToolTests[pkg]; skip != "" {
				run = append(run, "-test.skip="+skip)
			}
			r := w.run(t, 10*time.Minute, filepath.Join(w.root, pkg), nil, exe, run...)
			out := r.stdout + r.stderr
			if r.code != 0 || !strings.Contains(out, "PASS") {
				t.Fatalf("%s tests under Wine: exit %d\n%s", pkg, r.code, tail(out, 60))
			}
			t.Logf("%s: %s", pkg, lastLine(out))
		})
	}
}

// deleteFallbackOverlay writes a go build -overlay file that makes the test exes delete
// files the way Windows before 10 1607 does: Wine 8 answers "Invalid function" to the
// FileDispositionInformationEx call that os.Remove and os.RemoveAll (t.TempDir's clean-up)
// make first, and Go falls back only on the answers Windows gives. Only the Wine test
// builds use it; the programs themselves are built as they ship.
func deleteFallbackOverlay(t *testing.T, dir string) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "src", "internal", "syscall", "windows", "at_windows.go")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const decl = "\nvar TestDeleteatFallback bool\n"
	if !strings.Contains(string(b), decl) {
		t.Fatalf("%s no longer declares TestDeleteatFallback: update the Wine work-around", src)
	}
	patched := filepath.Join(dir, "at_windows.go")
	if err := os.WriteFile(patched, []byte(strings.Replace(string(b), decl, "\nvar TestDeleteatFallback = true\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(map[string]map[string]string{"Replace": {src: patched}})
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, js, 0o644); err != nil {
		t.Fatal(err)
	}
	return overlay
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string { return tail(s, 1) }

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
	for _, pkg := range windowsUnitPackages {
		t.Run(strings.ReplaceAll(pkg, "/", "_"), func(t *testing.T) {
			exe := filepath.Join(dir, strings.ReplaceAll(pkg, "/", "_")+".test.exe")
			build := exec.Command("go", "test", "-c", "-overlay", overlay, "-o", exe, "./"+pkg)
			build.Dir = w.root
			build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
			if b, err := build.CombinedOutput(); err != nil {
				t.Fatalf("go test -c ./%s for Windows: %v\n%s", pkg, err, b)
			}
			args := []string{"-test.count=1", "-test.timeout=9m"}
			if skip := linuxToolTests[pkg]; skip != "" {
				args = append(args, "-test.skip="+skip)
			}
			r := w.run(t, 10*time.Minute, filepath.Join(w.root, pkg), nil, exe, args...)
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

//go:build windows_e2e

package windows

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

// The sandbox's demo credentials (sandbox/users.go), handed to enrolctl through the
// environment as the configuration's { env = ... } references.
var demoEnv = []string{"EK_USER=9001800", "EK_PASS=Gy6F89xK", "EK_PIN=p1n",
	"EK_BILL_USER=" + sandbox.DemoBillingUsername, "EK_BILL_PASS=" + sandbox.DemoBillingPassword,
	"EK_KEY=" + sandbox.DemoAPIKey}

// startSandbox starts sandbox.exe under Wine on a free loopback port and returns its URL.
func startSandbox(t *testing.T, w *wine) string {
	t.Helper()
	cmd := exec.Command(w.loader, filepath.Join(w.bin, "sandbox.exe"), "--addr", "127.0.0.1:0",
		"--processing-delay", "200ms", "--approval-delay", "200ms")
	cmd.Env = w.env(nil)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "sandbox listening on "); ok {
				urls <- strings.TrimSpace(u)
			}
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(60 * time.Second):
		t.Fatal("sandbox.exe did not say where it listens within 60 s")
	}
	return ""
}

// writeConfig writes an enrolkiosk.toml pointing every backend at url.
func writeConfig(t *testing.T, dir, url string) string {
	t.Helper()
	path := filepath.Join(dir, "enrolkiosk.toml")
	toml := `profile = "oneshot"
[backend]
oneshot_url = "` + url + `"
biometric_url = "` + url + `"
org_id = "acme"
registration_authority = "139"
cert_profile = "PFnubeQAFCiudadano"
username = { env = "EK_USER" }
password = { env = "EK_PASS" }
pin = { env = "EK_PIN" }
billing_username = { env = "EK_BILL_USER" }
billing_password = { env = "EK_BILL_PASS" }
api_key = { env = "EK_KEY" }
`
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCLIUnderWine: version, enrol from the test folder, queue ls, verify, export,
// compact and sync against sandbox.exe until the sandbox confirms the enrolments.
func TestCLIUnderWine(t *testing.T) {
	w := setup(t)
	t.Logf("%s, ProcessPrng shim: %v", w.version, w.shim)
	ctl := filepath.Join(w.bin, "enrolctl.exe")
	work := t.TempDir()
	data := filepath.Join(work, "data")
	url := startSandbox(t, w)
	cfg := writeConfig(t, work, url)
	base := []string{"--data-dir", winPath(data), "--config", winPath(cfg)}
	ctlRun := func(args ...string) result {
		t.Helper()
		r := w.run(t, 3*time.Minute, work, demoEnv, ctl, append(append([]string{}, base...), args...)...)
		t.Logf("enrolctl %s: exit %d", strings.Join(args, " "), r.code)
		return r
	}

	r := w.run(t, time.Minute, work, nil, ctl, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "windows/amd64") {
		t.Fatalf("version: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	good := filepath.Join(w.root, "cmd", "enrolctl", "testdata", "enrol", "good")
	r = ctlRun("enrol", "--from-dir", winPath(good), "--count", "2", "--json")
	var sealed struct{ Sealed []string }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &sealed) != nil || len(sealed.Sealed) != 2 {
		t.Fatalf("enrol: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	r = ctlRun("queue", "ls", "--json")
	if r.code != 0 || strings.Count(r.stdout, sealed.Sealed[0]) == 0 || strings.Count(r.stdout, sealed.Sealed[1]) == 0 {
		t.Fatalf("queue ls: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	if r = ctlRun("verify"); r.code != 0 {
		t.Fatalf("verify: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	out := filepath.Join(work, "export")
	if r = ctlRun("export", sealed.Sealed[0], "--out", winPath(out)); r.code != 0 {
		t.Fatalf("export: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, f := range []string{"manifest.json", "applicant.json"} {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Fatalf("export wrote no %s: %v", f, err)
		}
	}
	if ents, _ := os.ReadDir(out); len(ents) < 5 {
		t.Fatalf("export wrote %d files, want the evidence too", len(ents))
	}

	if r = ctlRun("compact", "--force"); r.code != 0 {
		t.Fatalf("compact: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	r = ctlRun("sync", "--json")
	if r.code != 0 {
		t.Fatalf("sync: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var last struct {
		Summary struct {
			Confirmed int
			OK        bool
		}
	}
	if json.Unmarshal([]byte(lines[len(lines)-1]), &last) != nil || last.Summary.Confirmed != 2 || !last.Summary.OK {
		t.Fatalf("sync summary %q", lines[len(lines)-1])
	}
	if n := confirmedAtSandbox(t, url); n != 2 {
		t.Fatalf("the sandbox holds %d confirmed One-Shot requests, want 2", n)
	}
	if r = ctlRun("verify"); r.code != 0 {
		t.Fatalf("verify after sync: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// confirmedAtSandbox counts the One-Shot requests in ENROLLREADY at the sandbox, when the
// biometric signature followed.
func confirmedAtSandbox(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url + "/_sandbox/received")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Enrolments []struct {
			API    string `json:"api"`
			Status string `json:"status"`
		} `json:"enrolments"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	n, bio := 0, 0
	for _, e := range got.Enrolments {
		if e.API == "oneshot" && e.Status == "ENROLLREADY" {
			n++
		}
		if e.API == "biometric" {
			bio++
		}
	}
	if bio != n {
		t.Errorf("%d biometric signatures for %d confirmed requests", bio, n)
	}
	return n
}

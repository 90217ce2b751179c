package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// sandboxConfig starts a sandbox and writes a configuration pointing every backend at it,
// with the demo credentials in environment variables.
func sandboxConfig(t *testing.T, ra string) (*sandbox.Server, string) {
	t.Helper()
	srv, err := sandbox.New(context.Background(), sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	for k, v := range map[string]string{"EK_USER": "9001800", "EK_PASS": "Gy6F89xK", "EK_PIN": "p1n",
		"EK_BILL_USER": sandbox.DemoBillingUsername, "EK_BILL_PASS": sandbox.DemoBillingPassword, "EK_KEY": sandbox.DemoAPIKey} {
		t.Setenv(k, v)
	}
	cfg := filepath.Join(t.TempDir(), "enrolkiosk.toml")
	toml := `profile = "oneshot"
[backend]
oneshot_url = "` + hs.URL + `"
biometric_url = "` + hs.URL + `"
org_id = "acme"
registration_authority = "` + ra + `"
cert_profile = "PFnubeQAFCiudadano"
username = { env = "EK_USER" }
password = { env = "EK_PASS" }
pin = { env = "EK_PIN" }
billing_username = { env = "EK_BILL_USER" }
billing_password = { env = "EK_BILL_PASS" }
api_key = { env = "EK_KEY" }
`
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return srv, cfg
}

func TestEnrolFromDirThenSync(t *testing.T) {
	srv, cfg := sandboxConfig(t, "139")
	data := storetest.Dir(t)
	code, out, errs := runCtl(t, "--data-dir", data, "--config", cfg, "enrol", "--from-dir", "testdata/enrol/good", "--count", "2", "--json")
	var sealed struct{ Sealed []string }
	if code != 0 || json.Unmarshal([]byte(out), &sealed) != nil || len(sealed.Sealed) != 2 {
		t.Fatalf("enrol: exit %d %q %q", code, out, errs)
	}
	code, out, errs = runCtl(t, "--data-dir", data, "--config", cfg, "sync", "--json")
	if code != 0 {
		t.Fatalf("sync: exit %d\n%s\n%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var last struct{ Summary syncReport }
	if json.Unmarshal([]byte(lines[len(lines)-1]), &last) != nil || last.Summary.Confirmed != 2 || !last.Summary.OK {
		t.Errorf("summary line %q", lines[len(lines)-1])
	}
	rec, _ := srv.Received(context.Background())
	steps := map[string]int{}
	for _, e := range rec.Enrolments {
		for s, n := range e.Steps {
			steps[e.API+"/"+s] += n
		}
	}
	for _, s := range []string{"oneshot/create", "oneshot/evidences", "oneshot/video", "oneshot/approve", "biometric/biometric_sign"} {
		if steps[s] != 2 {
			t.Errorf("%s accepted %d times, want 2", s, steps[s])
		}
	}
	if len(rec.Duplicates) > 0 {
		t.Errorf("duplicates: %+v", rec.Duplicates)
	}
	// The sandbox pinned the device key, verified both manifests and saw the audit head.
	if len(rec.Devices) != 1 || rec.Devices[0].ManifestsVerified != 2 || rec.Devices[0].AuditHead == "" || rec.Devices[0].ManifestsRefused != 0 {
		t.Errorf("sandbox key registry: %+v", rec.Devices)
	}
	if code, out, _ := runCtl(t, "--data-dir", data, "verify"); code != 0 {
		t.Errorf("verify after delivery: exit %d %s", code, out)
	}
	// Nothing left: a second run does nothing and succeeds.
	if code, out, _ := runCtl(t, "--data-dir", data, "--config", cfg, "sync", "--once"); code != 0 || !strings.Contains(out, "0 left") {
		t.Errorf("second sync: exit %d %q", code, out)
	}
}

func TestSyncExitCodes(t *testing.T) {
	_, cfg := sandboxConfig(t, sandbox.DemoDisabledRA)
	data := storetest.Dir(t)
	if code, _, errs := runCtl(t, "--data-dir", data, "--config", cfg, "enrol", "--from-dir", "testdata/enrol/good"); code != 0 {
		t.Fatalf("enrol: %s", errs)
	}
	code, out, errs := runCtl(t, "--data-dir", data, "--config", cfg, "sync")
	if code != exitProblem || !strings.Contains(out, "not enabled for Registration Authority") || !strings.Contains(errs, "1 rejected") {
		t.Errorf("rejected enrolment: exit %d %q %q", code, out, errs)
	}
	os.Unsetenv("EK_PIN")
	if code, _, errs := runCtl(t, "--data-dir", data, "--config", cfg, "sync"); code != exitConfig || !strings.Contains(errs, "EK_PIN") {
		t.Errorf("missing secret: exit %d %q", code, errs)
	}
	if code, _, _ := runCtl(t, "--data-dir", data, "--config", cfg, "sync", "--bogus"); code != exitUsage {
		t.Errorf("bad flag: exit %d", code)
	}
}

func TestSyncPausesOnRefusedCredentials(t *testing.T) {
	_, cfg := sandboxConfig(t, "139")
	data := storetest.Dir(t)
	if code, _, errs := runCtl(t, "--data-dir", data, "--config", cfg, "enrol", "--from-dir", "testdata/enrol/good"); code != 0 {
		t.Fatalf("enrol: %s", errs)
	}
	t.Setenv("EK_BILL_USER", "someone@else")
	code, out, errs := runCtl(t, "--data-dir", data, "--config", cfg, "sync")
	if code != exitProblem || !strings.Contains(out, "sending to oneshot paused") || !strings.Contains(errs, "HTTP 403") {
		t.Errorf("refused credentials: exit %d %q %q", code, out, errs)
	}
	if code, out, _ := runCtl(t, "--data-dir", data, "queue", "ls"); code != 0 || !strings.Contains(out, "sending  0 create") {
		t.Errorf("the enrolment must stay queued for after the fix: %q", out)
	}
}

func TestEnrolRefusesABadFolderWithEveryProblem(t *testing.T) {
	code, _, errs := runCtl(t, "--data-dir", storetest.Dir(t), "enrol", "--from-dir", "testdata/enrol/bad")
	if code != exitProblem {
		t.Fatalf("exit %d, want %d: %s", code, exitProblem, errs)
	}
	for _, want := range []string{"applicant.json", "front.jpg", "rear.jpg", "selfie.webm", "signature"} {
		if !strings.Contains(errs, "- "+want) {
			t.Errorf("problem list lacks %s:\n%s", want, errs)
		}
	}
	if code, _, _ := runCtl(t, "enrol"); code != exitUsage {
		t.Errorf("no --from-dir: exit %d", code)
	}
}

func TestDoctorChecksSyncCredentials(t *testing.T) {
	_, cfg := sandboxConfig(t, "139")
	code, out, _ := runCtl(t, "--data-dir", t.TempDir(), "--config", cfg, "doctor", "--json")
	if !strings.Contains(out, `"name": "sync"`) || !strings.Contains(out, "credentials resolve") {
		t.Errorf("doctor (exit %d) has no passing sync check:\n%s", code, out)
	}
	os.Unsetenv("EK_PIN")
	_, out, _ = runCtl(t, "--data-dir", t.TempDir(), "--config", cfg, "doctor", "--json")
	if !strings.Contains(out, "EK_PIN") {
		t.Errorf("doctor does not name the missing credential:\n%s", out)
	}
}

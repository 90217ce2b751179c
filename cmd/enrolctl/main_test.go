package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs enrolctl in-process and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndUnknownCommand(t *testing.T) {
	if code, _, stderr := runCLI(t); code != exitUsage || !strings.Contains(stderr, "doctor") {
		t.Fatalf("no args: code %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "frobnicate"); code != exitUsage || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Fatalf("unknown: code %d, stderr %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != exitOK || !strings.HasPrefix(out, "enrolctl ") {
		t.Fatalf("code %d out %q", code, out)
	}
}

// writeConfig writes a configuration file pointing the oneshot profile at url.
func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "enrolkiosk.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// doctorJSON runs doctor --json and decodes its report.
func doctorJSON(t *testing.T, args ...string) (int, map[string]checkResult) {
	t.Helper()
	code, out, stderr := runCLI(t, append(args, "doctor", "--json")...)
	var rep struct {
		OK     bool          `json:"ok"`
		Checks []checkResult `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("doctor --json printed %q (stderr %q): %v", out, stderr, err)
	}
	byName := map[string]checkResult{}
	for _, c := range rep.Checks {
		byName[c.Name] = c
	}
	if rep.OK != (code == exitOK) {
		t.Fatalf("ok=%v but exit code %d", rep.OK, code)
	}
	return code, byName
}

func TestDoctorHealthy(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) }))
	defer backend.Close()
	cfg := writeConfig(t, "profile = \"oneshot\"\n[camera]\nsource = \"videotest\"\n[backend]\noneshot_url = \""+backend.URL+"\"\n")
	code, checks := doctorJSON(t, "--config", cfg, "--data-dir", t.TempDir())
	if code != exitOK {
		t.Fatalf("exit %d, checks %+v", code, checks)
	}
	if c := checks["backend"]; c.Status != statusOK || !strings.Contains(c.Detail, "HTTP 404") {
		t.Errorf("backend check: %+v", c)
	}
	if c := checks["data dir"]; c.Status != statusOK || !strings.Contains(c.Detail, "MiB free") {
		t.Errorf("data dir check: %+v", c)
	}
}

func TestDoctorFindsProblems(t *testing.T) {
	backend := httptest.NewServer(http.NotFoundHandler())
	url := backend.URL
	backend.Close() // nothing listens there any more
	cfg := writeConfig(t, "[backend]\noneshot_url = \""+url+"\"\n")
	code, checks := doctorJSON(t, "--config", cfg, "--data-dir", t.TempDir())
	if code != exitProblem || checks["backend"].Status != statusFail || !strings.Contains(checks["backend"].Detail, "unreachable") {
		t.Fatalf("unreachable backend: exit %d, %+v", code, checks["backend"])
	}

	bad := writeConfig(t, "profil = \"oneshot\"\n")
	code, checks = doctorJSON(t, "--config", bad, "--data-dir", t.TempDir())
	if code != exitProblem || checks["config"].Status != statusFail || !strings.Contains(checks["config"].Detail, "line 1") {
		t.Fatalf("bad config: exit %d, %+v", code, checks["config"])
	}

	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	code, checks = doctorJSON(t, "--config", cfg, "--data-dir", filepath.Join(file, "sub"))
	if code != exitProblem || checks["data dir"].Status != statusFail {
		t.Fatalf("data dir under a file: exit %d, %+v", code, checks["data dir"])
	}
}

// TestHelpIsNotAnError: asking a command for its flags prints them and exits 0.
func TestHelpIsNotAnError(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		var out, errs strings.Builder
		if code := run(context.Background(), args, &out, &errs); code != exitOK || !strings.Contains(errs.String(), "commands:") {
			t.Errorf("enrolctl %v: exit %d, usage %q", args, code, errs.String())
		}
	}
	if code := run(context.Background(), []string{"--bogus"}, io.Discard, io.Discard); code != exitUsage {
		t.Errorf("enrolctl --bogus: exit %d, want %d", code, exitUsage)
	}
	for _, name := range []string{"doctor", "export", "verify", "sync"} {
		code, _, stderr := runCLI(t, name, "--help")
		if code != exitOK || strings.Contains(stderr, "help requested") {
			t.Errorf("%s --help: exit %d, stderr %q", name, code, stderr)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture returns the absolute path of a capture/document test fixture.
func fixture(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "capture", "document", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func runCtl(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDocumentProcessWritesJPEGAndJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "front.jpg")
	code, stdout, stderr := runCtl(t, "document", "process", fixture(t, "card.jpg"), "--out", out, "--json", "--budget", "100000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep documentReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != rep.Result.Bytes || len(data) > 100000 || rep.Result.Quality == 0 || len(rep.Result.Measures) != 4 {
		t.Fatalf("file %d bytes, report %+v", len(data), rep.Result)
	}
}

func TestDocumentProcessRefusals(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"photo.heic", []string{"document", "process", fixture(t, "photo.heic"), "--out", "x.jpg"}, exitProblem, "HEIC"},
		{"truncated.jpg", []string{"document", "process", fixture(t, "truncated.jpg"), "--out", "x.jpg"}, exitProblem, "truncated"},
		{"bomb.png", []string{"document", "process", fixture(t, "bomb.png"), "--out", "x.jpg"}, exitProblem, "too large"},
		{"text.jpg", []string{"document", "process", fixture(t, "text.jpg"), "--out", "x.jpg"}, exitProblem, "not an image"},
		{"empty.jpg", []string{"document", "process", fixture(t, "empty.jpg"), "--out", "x.jpg"}, exitProblem, "empty"},
		{"missing.jpg", []string{"document", "process", fixture(t, "missing.jpg"), "--out", "x.jpg"}, exitProblem, "no such file"},
		{"no --out", []string{"document", "process", fixture(t, "card.jpg")}, exitUsage, "--out"},
		{"unknown verb", []string{"document", "frobnicate"}, exitUsage, "usage"},
		{"bad config", []string{"--config", "/nonexistent.toml", "document", "process", fixture(t, "card.jpg"), "--out", "x.jpg"}, exitConfig, "not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			code, _, stderr := runCtl(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, c.code, c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "x.jpg")); err == nil {
				t.Fatal("an output file was written for a refused input")
			}
		})
	}
}

package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	c, err := parse([]string{"--seed", "7", "--error-rate", "0.25", "--error-codes", "502, 503", "--latency", "150ms",
		"--reset-rate", "0.1", "--storm-rate", "0.05", "--record", "/tmp/r", "--ignore-idempotency"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	f := c.opts.Faults
	if c.opts.Seed != 7 || f.ErrorRate != 0.25 || len(f.ErrorCodes) != 2 || f.ErrorCodes[0] != 502 || f.LatencyMS != 150 ||
		f.ResetRate != 0.1 || f.StormRate != 0.05 || c.opts.RecordDir != "/tmp/r" || !c.opts.IgnoreIdempotency {
		t.Fatalf("parsed %+v", c)
	}
	for _, bad := range [][]string{{"--error-rate", "2"}, {"--error-codes", "404"}, {"--error-codes", "x"}, {"--nope"}, {"extra"}} {
		if _, err := parse(bad, io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("parse(%v) = %v, want a usage error", bad, err)
		}
	}
}

// TestHelpExitsZero: --help prints the usage and is not a usage error.
func TestHelpExitsZero(t *testing.T) {
	var out strings.Builder
	_, err := parse([]string{"--help"}, &out)
	if code := exitCode(err); code != 0 || !strings.Contains(out.String(), "-addr") {
		t.Fatalf("--help: exit %d, err %v, usage %q", code, err, out.String())
	}
	if code := exitCode(run(context.Background(), []string{"--nope"}, io.Discard)); code != 2 {
		t.Errorf("a bad flag exits %d, want 2", code)
	}
}

// TestRunPrintsAddress starts the command on port 0 and talks to the address it prints.
func TestRunPrintsAddress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, pw) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "sandbox listening on "))
	res, err := http.Get(url + "/api/v1/hello")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"Hello"`) {
		t.Fatalf("hello: %d %s", res.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("sandbox did not stop on cancel")
	}
}

//go:build e2e

package e2e

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// shutdownRunsEnv names how many start/stop cycles TestShutdownRepeated makes (default
// defaultShutdownRuns, enough for `make test`; 40 or more to show the shutdown race gone).
const shutdownRunsEnv = "E2E_SHUTDOWN_RUNS"

const defaultShutdownRuns = 2

// TestShutdownRepeated starts the app in demo mode and stops it with SIGTERM again and
// again, at a random moment within 1.5 s of the login screen, while its workers (the UI
// probe every 50 ms, the status monitor) post to the UI goroutine. Each stop must be
// clean: exit status 0, "shut down cleanly", no panic and no data race (checked by the
// harness). On Fyne 2.7.1 the old shutdown failed about one run in twelve: "send on
// closed channel" or a race on the fyne.Do queue's close, a hang in WaitForEvents, or a
// nil view in processMouseMoved.
func TestShutdownRepeated(t *testing.T) {
	runs := defaultShutdownRuns
	if v := os.Getenv(shutdownRunsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", shutdownRunsEnv, v)
		}
		runs = n
	}
	d := startX(t)
	for i := range runs {
		env, probe := probeEnv(t.TempDir())
		app := d.startEnv(t, []string{env}, "enrolkiosk", "--demo", "--data-dir", t.TempDir())
		(&screen{t: t, d: d, path: probe}).waitText("Operator login")
		time.Sleep(time.Duration(rand.IntN(1500)) * time.Millisecond)
		err := app.stop(t, 15*time.Second)
		out := app.output()
		if err != nil || strings.Contains(out, "panic:") || !strings.Contains(out, "shut down cleanly") {
			t.Fatalf("run %d of %d: stop: %v\n%s", i+1, runs, err, out)
		}
		if strings.Contains(out, "WARNING: DATA RACE") {
			t.Fatalf("run %d of %d: data race\n%s", i+1, runs, out)
		}
	}
	t.Logf("%d clean stops", runs)
}

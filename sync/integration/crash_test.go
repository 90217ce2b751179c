package integration

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

const (
	envCrashDir = "ENROLKIOSK_CRASH_DIR"
	envCrashURL = "ENROLKIOSK_CRASH_URL"
)

// TestCrashChild is the worker process of TestCrashKillsDuringDelivery: it opens the
// store, says "ready", drains the queue and prints one line per worker event (the
// parent picks its moment to kill from them). It does nothing when run on its own.
func TestCrashChild(t *testing.T) {
	dir, url := os.Getenv(envCrashDir), os.Getenv(envCrashURL)
	if dir == "" {
		t.Skip("the crash test's child process; run TestCrashKillsDuringDelivery")
	}
	db := storetest.Open(t, storetest.InDir(dir), storetest.WithOptions(store.Options{Timeout: 5 * time.Second, MinFreeBytes: 1 << 20}))
	fmt.Println("ready")
	onEvent := func(e ksync.Event) { fmt.Println("event", e.Kind, e.Step) }
	drain(t, newAgent(t, db, url, agentOpts{onEvent: onEvent}), 3*time.Minute) // a hang guard, not a speed target
}

// TestCrashKillsDuringDelivery SIGKILLs the sync worker process 100 times while it
// delivers to a sandbox that ignores Idempotency-Key (as the vendors do), then lets one
// run finish. Work is kept in flight for every kill: enrolments are sealed between runs
// whenever fewer than a few are pending, and each kill comes a random number of worker
// events (and a random few hundred microseconds) after the child started, so it lands
// mid-delivery whatever the machine's speed. Afterwards every enrolment is confirmed or
// waits for an operator's reconciliation (a create whose answer the kill lost; counted
// in the output), and nothing reached the sandbox twice.
func TestCrashKillsDuringDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process 100 times")
	}
	const kills, low, batch = 100, 4, 6
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{IgnoreIdempotency: true})
	dir := t.TempDir()
	var ids []string
	rng := rand.New(rand.NewPCG(5, 7))
	killedBusy := 0
	for range kills {
		ids = topUp(t, dir, ids, low, batch)
		exited := runChild(t, dir, url, func(events int) bool { return events >= 1+rng.IntN(40) },
			time.Duration(rng.IntN(500))*time.Microsecond)
		if !exited {
			killedBusy++
		}
	}
	calls := 0
	for _, c := range sandboxtest.Received(t, srv).Calls {
		calls += c.Total
	}
	t.Logf("before the final run: %d enrolments sealed, %d requests reached the sandbox", len(ids), calls)
	if !runChild(t, dir, url, nil, 0) {
		t.Fatal("the final run did not finish")
	}
	db := storetest.Open(t, storetest.InDir(dir))
	confirmed, ambiguous := checkDelivered(t, db, srv, ids)
	t.Logf("%d kills, %d of them while the worker was delivering; %d enrolments: %d confirmed, %d waiting for reconciliation (ambiguous: a create's answer lost to a kill), 0 duplicates",
		kills, killedBusy, len(ids), confirmed, ambiguous)
	if killedBusy < kills/2 {
		t.Errorf("only %d kills landed during delivery: the test is not exercising crashes", killedBusy)
	}
	if confirmed < len(ids)/2 {
		t.Errorf("only %d of %d confirmed", confirmed, len(ids))
	}
}

// topUp seals batch more enrolments when fewer than low are pending, so that the next
// child has work in flight when it is killed.
func topUp(t *testing.T, dir string, ids []string, low, batch int) []string {
	t.Helper()
	db, err := store.Open(context.Background(), dir, store.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pending, err := db.List(context.Background(), store.Filter{States: store.Pending()})
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) >= low {
		return ids
	}
	for range batch {
		ids = append(ids, sandboxtest.Seal(t, db, oneshot.Name, len(ids)).ID)
	}
	return ids
}

// runChild starts the child and waits for it to open the store. With kill nil it lets
// the child finish; otherwise it SIGKILLs it delay after the first worker event for
// which kill(events seen) is true. It reports whether the child exited by itself.
func runChild(t *testing.T, dir, url string, kill func(events int) bool, delay time.Duration) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashURL+"="+url)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	ready := false
	for lines.Scan() {
		if lines.Text() == "ready" {
			ready = true
			break
		}
	}
	if !ready {
		cmd.Wait()
		t.Fatalf("child never became ready")
	}
	moment := make(chan struct{})
	done := make(chan error, 1)
	go func(kill func(int) bool) {
		events := 0
		for lines.Scan() { // keep the pipe drained
			if kill != nil && strings.HasPrefix(lines.Text(), "event ") {
				if events++; kill(events) {
					close(moment)
					kill = nil
				}
			}
		}
		done <- cmd.Wait()
	}(kill)
	if kill == nil {
		if err := <-done; err != nil {
			t.Fatalf("final child: %v", err)
		}
		return true
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("child failed before the kill: %v", err)
		}
		return true
	case <-moment:
	}
	time.Sleep(delay)
	cmd.Process.Signal(syscall.SIGKILL)
	err = <-done
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return false
	}
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	return true
}

package integration

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

const (
	envCrashDir = "ENROLKIOSK_CRASH_DIR"
	envCrashURL = "ENROLKIOSK_CRASH_URL"
)

// TestCrashChild is the worker process of TestCrashKillsDuringDelivery: it opens the
// store, says "ready" and drains the queue. It does nothing when run on its own.
func TestCrashChild(t *testing.T) {
	dir, url := os.Getenv(envCrashDir), os.Getenv(envCrashURL)
	if dir == "" {
		t.Skip("the crash test's child process; run TestCrashKillsDuringDelivery")
	}
	db := storetest.Open(t, storetest.InDir(dir), storetest.WithOptions(store.Options{Timeout: 5 * time.Second, MinFreeBytes: 1 << 20}))
	fmt.Println("ready")
	drain(t, newAgent(t, db, url, agentOpts{}), 3*time.Minute) // a hang guard, not a speed target
}

// TestCrashKillsDuringDelivery SIGKILLs the sync worker process at random moments while
// it delivers (at least 100 times), then lets one run finish: nothing may be lost and
// nothing created twice at the sandbox.
func TestCrashKillsDuringDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process 100 times")
	}
	const enrolments, kills = 30, 100
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{})
	dir := t.TempDir()
	db := storetest.Open(t, storetest.InDir(dir))
	var ids []string
	for i := range enrolments {
		ids = append(ids, sandboxtest.Seal(t, db, oneshot.Name, i).ID)
	}
	db.Close()
	rng := rand.New(rand.NewPCG(5, 7))
	killedBusy := 0
	for i := 0; i < kills; i++ {
		exited := runChild(t, dir, url, time.Duration(rng.IntN(60_000))*time.Microsecond)
		if !exited {
			killedBusy++
		}
	}
	db = storetest.Open(t, storetest.InDir(dir))
	before, _ := db.List(context.Background(), store.Filter{States: []store.State{store.Confirmed}})
	db.Close()
	calls := 0
	for _, c := range sandboxtest.Received(t, srv).Calls {
		calls += c.Total
	}
	t.Logf("before the final run: %d of %d confirmed, %d requests reached the sandbox", len(before), enrolments, calls)
	if len(before) == 0 {
		t.Error("no enrolment was delivered between kills: the kills came before any work")
	}
	if !runChild(t, dir, url, 0) {
		t.Fatal("the final run did not finish")
	}
	db = storetest.Open(t, storetest.InDir(dir))
	checkAllConfirmed(t, db, ids)
	checkSandbox(t, srv, enrolments)
	t.Logf("%d kills, %d of them while the worker was still delivering", kills, killedBusy)
	if killedBusy < kills/2 {
		t.Errorf("only %d kills landed during delivery: the test is not exercising crashes", killedBusy)
	}
}

// runChild starts the child, waits for it to open the store, then after delay kills it
// with SIGKILL (delay 0: lets it finish). It reports whether the child exited by itself.
func runChild(t *testing.T, dir, url string, delay time.Duration) bool {
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
	done := make(chan error, 1)
	go func() {
		for lines.Scan() { // keep the pipe drained
		}
		done <- cmd.Wait()
	}()
	if delay == 0 {
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
	case <-time.After(delay):
	}
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

//go:build !windows

package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashChildEnv makes the test binary run crashChild instead of the tests.
const crashChildEnv = "ENROLKIOSK_STORE_CRASH_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		os.Exit(crashChild(dir))
	}
	os.Exit(m.Run())
}

// crashChild seals and updates enrolments until it is killed, printing a line after each
// committed change: "sealed ID", "result ID", "confirmed ID", "purged ID". Now and then
// it compacts the file, so kills also land inside a compaction.
func crashChild(dir string) int {
	ctx := context.Background()
	d, err := Open(ctx, dir, Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		return 3
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(what, id string) { fmt.Fprintln(out, what, id); out.Flush() }
	say("ready", "-")
	r := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	for i := 0; ; i++ {
		size := 1 + r.IntN(24<<10)
		if i%5 == 0 {
			size = ChunkSize + r.IntN(ChunkSize) // crosses chunk boundaries
		}
		_, in := sampleEvidence(r.Uint64(), size)
		e, err := d.Seal(ctx, sampleEnrolment(), in)
		if err != nil {
			fmt.Fprintln(os.Stderr, "child seal:", err)
			return 4
		}
		say("sealed", e.ID)
		if err := crashChildUpdate(ctx, d, e.ID, i, say); err != nil {
			fmt.Fprintln(os.Stderr, "child update:", err)
			return 5
		}
	}
}

// crashChildUpdate moves the enrolment along its states and purges now and then.
func crashChildUpdate(ctx context.Context, d *DB, id string, i int, say func(string, string)) error {
	if err := d.MarkSending(ctx, id, 0, "create"); err != nil {
		return err
	}
	if err := d.SaveStepResult(ctx, id, 0, map[string]string{"request_pk": id[:8]}); err != nil {
		return err
	}
	say("result", id)
	if i%2 == 1 {
		return nil
	}
	if err := d.MarkDelivered(ctx, id); err != nil {
		return err
	}
	if err := d.MarkConfirmed(ctx, id); err != nil {
		return err
	}
	say("confirmed", id)
	if i%4 == 0 {
		rep, err := d.Purge(ctx, 0)
		for _, p := range rep.Purged {
			say("purged", p)
		}
		if err != nil || i%8 != 0 {
			return err
		}
		_, err = d.Compact(ctx, 0)
		return err
	}
	return d.SaveDraft(ctx, "current", []byte(strings.Repeat("draft ", i)))
}

// TestCrashLosesNothing kills a child that seals and updates at random moments, then
// checks after each kill that the store opens, verifies, and holds everything reported.
func TestCrashLosesNothing(t *testing.T) {
	kills := 100
	if v, err := strconv.Atoi(os.Getenv("STORE_CRASH_KILLS")); err == nil {
		kills = v
	}
	dir := t.TempDir()
	reported := map[string]string{} // id -> furthest state reported by a child
	r := rand.New(rand.NewPCG(1, 2))
	sealed := 0
	for k := range kills {
		// Half the kills count from the child's "ready" (they may land in its first seal
		// or even in Open), half from its first committed seal: however slow a loaded
		// machine makes the child, at least kills/2 runs get past one seal and into the
		// updates, purges and compactions after it.
		from := "ready"
		if k%2 == 1 {
			from = "sealed"
		}
		lines := runAndKill(t, dir, from, time.Duration(5+r.IntN(80))*time.Millisecond)
		for _, l := range lines {
			what, id, _ := strings.Cut(l, " ")
			if what != "ready" {
				reported[id] = what
			}
			if what == "sealed" {
				sealed++
			}
		}
		checkAfterCrash(t, k, dir, reported)
		if t.Failed() {
			return
		}
	}
	t.Logf("%d kills, %d enrolments sealed and found intact", kills, sealed)
}

// runAndKill starts the child, lets it work for after past its first line starting with
// from ("ready" or "sealed"), SIGKILLs it and returns the complete lines it printed.
func runAndKill(t *testing.T, dir, from string, after time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var got []string
	for l := range lines {
		got = append(got, l)
		if strings.HasPrefix(l, from+" ") {
			break
		}
	}
	time.Sleep(after)
	cmd.Process.Signal(syscall.SIGKILL)
	for l := range lines {
		got = append(got, l)
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("child ended by itself (%v): %s", err, stderr.String())
	}
	return got
}

// checkAfterCrash opens the store, runs Verify and bbolt's check, and finds every
// enrolment the children reported in at least the state reported.
func checkAfterCrash(t *testing.T, k int, dir string, reported map[string]string) {
	t.Helper()
	ctx := context.Background()
	d, err := Open(ctx, dir, Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("kill %d: Open: %v", k, err)
	}
	defer func() {
		d.Close()
		checkBolt(t, dir+"/"+FileName)
	}()
	rep, err := d.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("kill %d: verify: %v %v", k, rep.Faults, err)
	}
	for id, what := range reported {
		e, err := d.Entry(ctx, id)
		if err != nil {
			t.Fatalf("kill %d: enrolment %s reported %s is gone: %v", k, id, what, err)
		}
		switch {
		case what == "result" && e.Results["request_pk"] != id[:8]:
			t.Fatalf("kill %d: step result of %s lost: %+v", k, id, e)
		case what == "confirmed" && e.State != Confirmed && e.State != Purged:
			t.Fatalf("kill %d: %s reported confirmed is %s", k, id, e.State)
		case what == "purged" && e.State != Purged:
			t.Fatalf("kill %d: %s reported purged is %s", k, id, e.State)
		case e.State != Purged:
			if _, err := d.Get(ctx, id); err != nil {
				t.Fatalf("kill %d: record of %s: %v", k, id, err)
			}
		}
	}
}

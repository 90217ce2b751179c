//go:build windows_e2e

package windows

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestConsoleCtrlCUnderWine: Ctrl+C in the console (Wine turns SIGINT into CTRL_C_EVENT)
// stops a console program through its own clean shutdown: sandbox.exe closes its database
// and says so, with exit code 0.
func TestConsoleCtrlCUnderWine(t *testing.T) {
	w := setup(t)
	cmd := exec.Command(w.loader, filepath.Join(w.bin, "sandbox.exe"), "--addr", "127.0.0.1:0")
	cmd.Env = w.env(nil)
	errs := &lockedBuffer{}
	cmd.Stderr = errs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	listening := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "sandbox listening on ") {
				close(listening)
			}
		}
		exited <- cmd.Wait()
	}()
	select {
	case <-listening:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("sandbox.exe did not start listening within 60 s")
	}
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("after Ctrl+C: %v\n%s", err, errs.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("sandbox.exe still running 30 s after Ctrl+C\n%s", errs.String())
	}
	if !strings.Contains(errs.String(), "sandbox stopped") {
		t.Fatalf("no clean shutdown in the log:\n%s", errs.String())
	}
}

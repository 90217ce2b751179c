//go:build !windows

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// TestTakeSignals: after takeSignals, SIGTERM cancels the context and no longer reaches a
// handler registered before (as Fyne's driver registers its own, which quits the loop).
func TestTakeSignals(t *testing.T) {
	earlier := make(chan os.Signal, 1)
	signal.Notify(earlier, syscall.SIGTERM)
	defer signal.Stop(earlier)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := takeSignals(cancel)
	defer release()

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	select {
	case <-earlier:
		t.Fatal("the earlier handler still got SIGTERM: it would quit the loop behind the stopper")
	case <-time.After(100 * time.Millisecond):
	}
}

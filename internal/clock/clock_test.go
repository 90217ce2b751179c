package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleepWaitsTheWholeDuration(t *testing.T) {
	const d = 20 * time.Millisecond
	start := time.Now()
	if err := Sleep(context.Background(), d); err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}
	// A lower bound only: timers never fire early, however loaded the machine is.
	if got := time.Since(start); got < d {
		t.Errorf("Sleep returned after %v, want at least %v", got, d)
	}
}

// TestEndedContextStopsTheWait uses waits of an hour: only a return on the context's
// end lets the test finish.
func TestEndedContextStopsTheWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Sleep(ctx, time.Hour) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("wait = %v, want context.Canceled", err)
	}
	dl, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(time.Millisecond))
	defer cancel2()
	if err := Sleep(dl, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Sleep past the deadline = %v, want context.DeadlineExceeded", err)
	}
}

func TestNoWaitStillReportsTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	for _, wait := range []func(context.Context) error{
		func(ctx context.Context) error { return Sleep(ctx, 0) },
		func(ctx context.Context) error { return Sleep(ctx, -time.Second) },
	} {
		if err := wait(ctx); err != nil {
			t.Errorf("no wait on a live context = %v, want nil", err)
		}
	}
	cancel()
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(0) on an ended context = %v, want context.Canceled", err)
	}
}

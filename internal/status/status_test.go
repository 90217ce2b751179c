package status_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/status"
)

// proberFunc and queueFunc are hand-written fakes.
type proberFunc func(context.Context) error

func (f proberFunc) Probe(ctx context.Context) error { return f(ctx) }

type queueFunc func(context.Context) (status.QueueInfo, error)

func (f queueFunc) QueueStatus(ctx context.Context) (status.QueueInfo, error) { return f(ctx) }

func TestMonitorPublishesAndRefreshes(t *testing.T) {
	var mu sync.Mutex
	online, depth := false, 3
	prober := proberFunc(func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if !online {
			return errors.New("connection refused")
		}
		return nil
	})
	queue := queueFunc(func(context.Context) (status.QueueInfo, error) {
		mu.Lock()
		defer mu.Unlock()
		return status.QueueInfo{Depth: depth}, nil
	})
	m := status.NewMonitor(prober, queue, time.Hour, nil)
	got := make(chan status.Snapshot, 10)
	m.Subscribe(func(s status.Snapshot) { got <- s })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()

	s := <-got
	if s.Online || !s.Configured || s.BackendErr != "connection refused" || !s.QueueKnown || s.QueueDepth != 3 {
		t.Fatalf("first snapshot: %+v", s)
	}
	mu.Lock()
	online, depth = true, 0
	mu.Unlock()
	m.Refresh() // the interval is an hour: only Refresh can produce this one
	s = <-got
	if !s.Online || s.QueueDepth != 0 || s.BackendErr != "" {
		t.Fatalf("after refresh: %+v", s)
	}
	// A late subscriber gets the latest snapshot at once.
	late := make(chan status.Snapshot, 1)
	m.Subscribe(func(s status.Snapshot) { late <- s })
	if s := <-late; !s.Online {
		t.Fatalf("late subscriber: %+v", s)
	}
	cancel()
	<-done
}

func TestMonitorWithoutBackendOrStore(t *testing.T) {
	m := status.NewMonitor(nil, nil, time.Hour, nil)
	got := make(chan status.Snapshot, 1)
	m.Subscribe(func(s status.Snapshot) { got <- s })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	s := <-got
	if s.Configured || s.Online || s.QueueKnown {
		t.Fatalf("nothing configured must not look online or empty: %+v", s)
	}
}

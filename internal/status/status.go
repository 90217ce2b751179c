// Package status watches what the operator's status bar shows: whether the backend answers,
// how many enrolments wait in the queue, and when the last sync succeeded. It holds no UI
// code; the UI subscribes to its snapshots.
package status

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Snapshot is what the status bar shows at one moment.
type Snapshot struct {
	// Online is true when the backend answered the last probe.
	Online bool
	// BackendErr describes why the backend is not reachable (empty when online).
	BackendErr string
	// Configured is false when no backend URL is set: nothing to probe.
	Configured bool
	// QueueKnown is false when no store is open: the depth is then unknown, not zero.
	QueueKnown bool
	// QueueDepth is the number of enrolments not yet confirmed by the backend.
	QueueDepth int
	// LastSync is the time of the last successful delivery (zero: never).
	LastSync time.Time
	// NextRetry is when the sync worker tries again (zero: nothing scheduled).
	NextRetry time.Time
	// At is when the snapshot was taken.
	At time.Time
}

// Prober tells whether the backend answers.
type Prober interface {
	Probe(ctx context.Context) error
}

// Queue reports the outbox's state for the status bar.
type Queue interface {
	QueueStatus(ctx context.Context) (QueueInfo, error)
}

// QueueInfo is the queue's part of a Snapshot.
type QueueInfo struct {
	Depth     int
	LastSync  time.Time
	NextRetry time.Time
}

// Monitor polls a Prober and a Queue and hands each new Snapshot to its subscribers.
type Monitor struct {
	prober   Prober // nil: no backend configured
	queue    Queue  // nil: no store open
	interval time.Duration
	logger   *slog.Logger
	kick     chan struct{}

	mu   sync.Mutex
	subs []func(Snapshot)
	last Snapshot
}

// NewMonitor returns a Monitor that polls every interval. prober and queue may be nil.
func NewMonitor(prober Prober, queue Queue, interval time.Duration, logger *slog.Logger) *Monitor {
	if logger == nil {
		logger = slog.Default()
	}
	return &Monitor{prober: prober, queue: queue, interval: interval, logger: logger, kick: make(chan struct{}, 1)}
}

// Subscribe registers fn to receive every snapshot, starting with the latest one. fn is
// called from the monitor's goroutine and must not block.
func (m *Monitor) Subscribe(fn func(Snapshot)) {
	m.mu.Lock()
	m.subs = append(m.subs, fn)
	last := m.last
	m.mu.Unlock()
	if !last.At.IsZero() {
		fn(last)
	}
}

// Refresh asks for a new snapshot now instead of at the next tick.
func (m *Monitor) Refresh() {
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// Run polls until ctx is cancelled.
func (m *Monitor) Run(ctx context.Context) {
	t := time.NewTicker(m.interval)
	defer t.Stop()
	for {
		m.publish(m.poll(ctx))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-m.kick:
		}
	}
}

func (m *Monitor) poll(ctx context.Context) Snapshot {
	s := Snapshot{At: time.Now(), Configured: m.prober != nil}
	if m.prober != nil {
		pctx, cancel := context.WithTimeout(ctx, m.interval)
		err := m.prober.Probe(pctx)
		cancel()
		s.Online = err == nil
		if err != nil {
			s.BackendErr = err.Error()
		}
	}
	if m.queue != nil {
		q, err := m.queue.QueueStatus(ctx)
		if err != nil {
			m.logger.Warn("queue status", "err", err)
		}
		s.QueueKnown = err == nil
		s.QueueDepth, s.LastSync, s.NextRetry = q.Depth, q.LastSync, q.NextRetry
	}
	return s
}

func (m *Monitor) publish(s Snapshot) {
	m.mu.Lock()
	m.last = s
	subs := append([]func(Snapshot){}, m.subs...)
	m.mu.Unlock()
	for _, fn := range subs {
		fn(s)
	}
}

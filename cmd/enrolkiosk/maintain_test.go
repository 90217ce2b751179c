package main

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// countingMaintainer counts Maintain calls and says when each happened.
type countingMaintainer struct {
	mu    sync.Mutex
	calls int
	ran   chan struct{}
	inner maintainer
}

func (c *countingMaintainer) Maintain(ctx context.Context, r time.Duration, f float64) (store.PurgeReport, store.CompactReport, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	defer func() { c.ran <- struct{}{} }()
	return c.inner.Maintain(ctx, r, f)
}

// TestMaintainAtStartAndOnSchedule: the app purges what the retention period allows as
// it starts (a confirmed enrolment older than the retention is purged, a queued one is
// kept), then again on every tick.
func TestMaintainAtStartAndOnSchedule(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	var ids []string
	for range 2 {
		e, err := db.Seal(ctx, store.Enrolment{Profile: "oneshot"}, []store.EvidenceInput{store.Bytes(store.DocumentFront, "image/jpeg", []byte{1, 2, 3})})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if err := db.MarkDelivered(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkConfirmed(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	m := &countingMaintainer{ran: make(chan struct{}, 8), inner: db}
	cctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		maintain(cctx, m, config.Store{Retention: config.Duration{Duration: 0}, CompactFreeRatio: 2}, 10*time.Millisecond, slog.New(slog.DiscardHandler))
	})
	<-m.ran // at start
	if e, _ := db.Entry(ctx, ids[0]); e.State != store.Purged {
		t.Errorf("the confirmed enrolment is %s after the start's maintenance, want purged", e.State)
	}
	if e, _ := db.Entry(ctx, ids[1]); e.State != store.Queued {
		t.Errorf("the queued enrolment is %s, want kept", e.State)
	}
	<-m.ran // the next tick
	cancel()
	wg.Wait()
	if m.calls < 2 {
		t.Errorf("Maintain ran %d times, want at start and on the schedule", m.calls)
	}
}

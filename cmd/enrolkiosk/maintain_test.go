package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
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

// expiringCtx is a context that ends at the left-th call of Err: it stops work that
// checks ctx at a chosen point of its progress, on any machine.
type expiringCtx struct {
	context.Context
	mu   sync.Mutex
	left int
	done chan struct{}
}

func (c *expiringCtx) Done() <-chan struct{} { return c.done }

func (c *expiringCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left > 0 {
		if c.left--; c.left == 0 {
			close(c.done)
		}
	}
	if c.left == 0 {
		return context.Canceled
	}
	return nil
}

// TestMaintainStopsMidCompaction: the app's retention loop, stopped (SIGTERM) while
// Maintain copies the file, returns without waiting for the copy; the live database is
// not replaced, no copy is left, and the store is consistent (storetest's check).
func TestMaintainStopsMidCompaction(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := storetest.Open(t, storetest.InDir(dir))
	for i := range 8 {
		blob := make([]byte, 256<<10)
		for j := range blob {
			blob[j] = byte(i + j*7)
		}
		if _, err := db.Seal(ctx, store.Enrolment{Profile: "oneshot"}, []store.EvidenceInput{store.Bytes(store.Video, "video/webm", blob)}); err != nil {
			t.Fatal(err)
		}
	}
	before, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	stop := &expiringCtx{Context: ctx, left: 30, done: make(chan struct{})}
	returned := make(chan struct{})
	var logged bytes.Buffer
	go func() {
		defer close(returned)
		maintain(stop, db, config.Store{Retention: config.Duration{Duration: time.Hour}, CompactFreeRatio: 1e-9}, time.Hour,
			slog.New(slog.NewTextHandler(&logged, nil)))
	}()
	select {
	case <-returned:
	case <-time.After(time.Minute):
		t.Fatal("the retention loop still ran a minute after the app began stopping")
	}
	after, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Fatal("the database was replaced: the compaction finished instead of stopping")
	}
	if _, err := os.Stat(db.Path() + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the compaction's copy was left: %v", err)
	}
	if !strings.Contains(logged.String(), "retention stopped") {
		t.Fatalf("the stop was not logged as one: %s", logged.String())
	}
	if rep, err := db.Verify(ctx); err != nil || !rep.OK() || rep.Enrolments != 8 {
		t.Fatalf("verify after the stop: %+v %v", rep, err)
	}
}

package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
)

// countdownCtx is a context whose Err reports context.Canceled from the left-th call on:
// it cancels work that checks ctx at a chosen point of its progress, on any machine.
// onCancel, if set, runs once at that call.
type countdownCtx struct {
	context.Context
	mu       sync.Mutex
	left     int
	onCancel func()
}

func (c *countdownCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left > 0 {
		c.left--
		if c.left == 0 && c.onCancel != nil {
			c.onCancel()
		}
	}
	if c.left == 0 {
		return context.Canceled
	}
	return nil
}

// fileSum returns the SHA-256 of the file at path.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

// TestCompactCancelledMidwayLeavesDatabase: a compaction whose ctx is cancelled while it
// copies (after some keys were copied, the copy file there) stops with ctx's error,
// removes its copy, and leaves the live file byte for byte as it was and usable; bbolt's
// check passes on it when the test ends, and a compaction afterwards succeeds.
func TestCompactCancelledMidwayLeavesDatabase(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	var ids []string
	for i := range 8 {
		_, in := sampleEvidence(uint64(i), 4*ChunkSize)
		e, err := d.Seal(ctx, sampleEnrolment(), in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	before, _ := os.Stat(d.Path())
	sum := fileSum(t, d.Path())
	copying := false
	cancelAt := &countdownCtx{Context: ctx, left: 40, onCancel: func() {
		_, err := os.Stat(d.Path() + compactSuffix)
		copying = err == nil
	}}
	_, err := d.Compact(cancelAt, 0)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "unchanged") {
		t.Fatalf("a cancelled compaction returned %v, want context.Canceled, saying the database is unchanged", err)
	}
	if !copying {
		t.Fatal("the ctx was cancelled before the copy started: the test does not cancel midway")
	}
	if _, err := os.Stat(d.Path() + compactSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the partial copy was left behind: %v", err)
	}
	after, _ := os.Stat(d.Path())
	if !os.SameFile(before, after) || fileSum(t, d.Path()) != sum {
		t.Fatal("the live database was replaced or changed by a cancelled compaction")
	}
	if rep, err := d.Verify(ctx); err != nil || !rep.OK() || rep.Enrolments != len(ids) {
		t.Fatalf("verify after a cancelled compaction: %+v %v", rep, err)
	}
	for _, id := range ids {
		readAll(t, d, id, Video)
	}
	if rep, err := d.Compact(ctx, 0); err != nil || rep.Skipped {
		t.Fatalf("compact after a cancelled one: %+v %v", rep, err)
	}
	if rep, err := d.Verify(ctx); err != nil || !rep.OK() || rep.Enrolments != len(ids) {
		t.Fatalf("verify after compacting: %+v %v", rep, err)
	}
}

// TestMaintainCancelledStopsPurging: Maintain whose ctx ends partway through the purge
// returns ctx's error at once (no compaction), what it purged stays purged, the rest is
// kept, and the next Maintain purges the rest.
func TestMaintainCancelledStopsPurging(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	const n = 6
	for i := range n {
		_, in := sampleEvidence(uint64(i), 2*ChunkSize)
		e, err := d.Seal(ctx, sampleEnrolment(), in)
		if err != nil {
			t.Fatal(err)
		}
		d.MarkDelivered(ctx, e.ID)
		d.MarkConfirmed(ctx, e.ID)
	}
	pr, _, err := d.Maintain(&countdownCtx{Context: ctx, left: 6}, 0, 0)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "purge stopped") {
		t.Fatalf("a cancelled Maintain returned %v, want context.Canceled from the purge", err)
	}
	if len(pr.Purged) == 0 || len(pr.Purged) >= n {
		t.Fatalf("purged %d of %d before the cancel, want some but not all (the test cancels midway)", len(pr.Purged), n)
	}
	if _, err := os.Stat(d.Path() + compactSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a compaction copy was left: %v", err)
	}
	if rep, err := d.Verify(ctx); err != nil || !rep.OK() {
		t.Fatalf("verify after a cancelled purge: %+v %v", rep, err)
	}
	rest, _, err := d.Maintain(ctx, 0, 0)
	if err != nil || len(pr.Purged)+len(rest.Purged) != n {
		t.Fatalf("the next Maintain purged %d (after %d): %v, want the rest", len(rest.Purged), len(pr.Purged), err)
	}
}

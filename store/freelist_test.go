package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"runtime"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Scratch buckets of the freelist tests: the store's own code never reads them.
var (
	bucketTestKeep = []byte("test-keep")
	bucketTestFree = []byte("test-free")
)

// growFreelist writes keep pages of data that stay and free pages that are then deleted,
// one small value a page, so that the file ends with about free pages on bbolt's freelist
// (a purge of many enrolments, cheaply).
func growFreelist(tb testing.TB, d *DB, keep, free int) {
	tb.Helper()
	ctx := context.Background()
	val := make([]byte, 3000) // one value a 4 KiB leaf page
	for _, b := range []struct {
		name []byte
		n    int
	}{{bucketTestKeep, keep}, {bucketTestFree, free}} {
		for from := 0; from < b.n; from += 4096 {
			if err := d.update(ctx, func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucketIfNotExists(b.name)
				if err != nil {
					return err
				}
				bk.FillPercent = 1
				for i := from; i < min(from+4096, b.n); i++ {
					if err := bk.Put(binary.BigEndian.AppendUint64(nil, uint64(i)), val); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := d.update(ctx, func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketTestFree) }); err != nil {
		tb.Fatal(err)
	}
}

// commitCost returns the bytes allocated per commit over n commits of one small value,
// the cost every state change of the queue pays.
func commitCost(tb testing.TB, d *DB, n int) uint64 {
	tb.Helper()
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		if err := d.update(ctx, func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists(bucketTestKeep)
			if err != nil {
				return err
			}
			return bk.Put([]byte(fmt.Sprintf("commit-%d", i)), []byte("state"))
		}); err != nil {
			tb.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}

// freePages returns the pages on bbolt's freelist (free and pending).
func freePages(d *DB) int {
	st := d.bolt.Stats()
	return st.FreePageN + st.PendingPageN
}

// TestMaintainCompactsALargeFreelist: a file with many free pages but below the free
// ratio (a purge whose compaction a SIGTERM cut short, in a file still mostly full) is
// compacted by Maintain because of the number of free pages, and a commit then allocates
// a fraction of what it did: bbolt rewrites and merges the whole freelist every commit.
func TestMaintainCompactsALargeFreelist(t *testing.T) {
	ctx := context.Background()
	const keep, free, bound = 6000, 4500, 4096
	d := openTest(t, t.TempDir(), Options{MinFreeBytes: 1 << 20, CompactFreePages: bound})
	growFreelist(t, d, keep, free)
	if n := freePages(d); n < bound {
		t.Fatalf("%d free pages after deleting %d, want at least %d", n, free, bound)
	}
	ratio, err := d.FreeRatio(ctx)
	if err != nil || ratio >= 0.5 {
		t.Fatalf("free ratio %.2f (%v), want under the 0.5 threshold: the test is of the page bound", ratio, err)
	}
	before := commitCost(t, d, 200)

	_, cr, err := d.Maintain(ctx, time.Hour, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if cr.Skipped || cr.FreePages < bound || cr.After >= cr.Before {
		t.Fatalf("Maintain with %d free pages (%.0f%% free, bound %d): %+v, want compacted", freePages(d), ratio*100, bound, cr)
	}
	if n := freePages(d); n >= bound/10 {
		t.Errorf("%d free pages after compaction", n)
	}
	after := commitCost(t, d, 200)
	t.Logf("%d free pages (%.0f%% of the file): %d bytes allocated a commit; compacted: %d bytes a commit", cr.FreePages, ratio*100, before, after)
	if after*3 > before { // about 120 KB and 12 KB; 30 KB under -race
		t.Errorf("a commit allocates %d bytes after compaction, %d before: want a third or less", after, before)
	}

	// Below both thresholds nothing is rewritten.
	if _, cr, err := d.Maintain(ctx, time.Hour, 0.5); err != nil || !cr.Skipped {
		t.Errorf("Maintain on a compact file: %+v, %v; want skipped", cr, err)
	}
}

// TestCompactKeepsTheRatioThresholdUnderThePageBound: below the page bound the free ratio
// alone decides, as before.
func TestCompactKeepsTheRatioThresholdUnderThePageBound(t *testing.T) {
	d := openTest(t, t.TempDir(), Options{MinFreeBytes: 1 << 20})
	growFreelist(t, d, 3000, 1000)
	cr, err := d.Compact(context.Background(), 0.5)
	if err != nil || !cr.Skipped || cr.FreePages == 0 || cr.FreePages >= DefaultCompactFreePages {
		t.Fatalf("Compact(0.5) with %d free pages (%.0f%%): %+v, %v; want skipped", cr.FreePages, cr.FreeRatio*100, cr, err)
	}
}

// BenchmarkCommitOnLargeFreelist measures what one commit allocates with free pages on
// bbolt's freelist, as after a purge of thousands of enrolments: with the freelist as
// the store opens it, and after Maintain has compacted it away.
func BenchmarkCommitOnLargeFreelist(b *testing.B) {
	for _, free := range []int{16 << 10, 64 << 10, 256 << 10} {
		b.Run(fmt.Sprintf("free=%dKi", free>>10), func(b *testing.B) {
			d := openTest(b, b.TempDir(), Options{MinFreeBytes: 1 << 20})
			growFreelist(b, d, 1024, free)
			b.Run("freelist", func(b *testing.B) {
				b.ReportMetric(float64(commitCost(b, d, max(b.N, 20))), "B/commit")
			})
			if _, _, err := d.Maintain(context.Background(), time.Hour, 0.5); err != nil {
				b.Fatal(err)
			}
			b.Run("compacted", func(b *testing.B) {
				b.ReportMetric(float64(commitCost(b, d, max(b.N, 20))), "B/commit")
			})
		})
	}
}

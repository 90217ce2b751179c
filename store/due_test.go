package store

import (
	"context"
	"testing"
)

// TestDueReadsOnlyItsBatch: Due picks its batch from the index and decrypts only that,
// so its cost does not grow with the queue: the allocations of Due(1) over 400 queued
// entries stay within a few of those over 20 (decrypting every entry, as List does, costs
// a dozen or more allocations an entry).
func TestDueReadsOnlyItsBatch(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	allocs := map[int]float64{}
	for _, n := range []int{20, 400} {
		for len(d.Index()) < n {
			if _, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(DocumentFront, "image/jpeg", []byte{1})}); err != nil {
				t.Fatal(err)
			}
		}
		allocs[n] = testing.AllocsPerRun(5, func() {
			if due, err := d.Due(ctx, 1); err != nil || len(due) != 1 {
				t.Fatalf("Due(1) = %d entries, %v", len(due), err)
			}
		})
	}
	if allocs[400] > allocs[20]+40 {
		t.Fatalf("Due(1) allocates %.0f times over 400 entries, %.0f over 20: it reads the whole queue", allocs[400], allocs[20])
	}
}

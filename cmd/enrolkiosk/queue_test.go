package main

import (
	"context"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

func TestQueueStatus(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	q := queueStatus{db: db}
	if info, err := q.QueueStatus(ctx); err != nil || info.Depth != 0 || !info.LastSync.IsZero() {
		t.Fatalf("empty queue: %+v, %v", info, err)
	}
	var ids []string
	for range 2 {
		e, err := db.Seal(ctx, store.Enrolment{Profile: "oneshot"}, []store.EvidenceInput{store.Bytes(store.DocumentFront, "image/jpeg", []byte{1, 2, 3})})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	next := time.Now().Add(time.Hour).Truncate(time.Second)
	if err := db.RecordAttempt(ctx, ids[0], "backend unavailable", next); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkDelivered(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkConfirmed(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	info, err := q.QueueStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Depth != 1 || info.LastSync.IsZero() || !info.NextRetry.Equal(next) {
		t.Fatalf("status %+v, want depth 1, a last sync and next retry %v", info, next)
	}
}

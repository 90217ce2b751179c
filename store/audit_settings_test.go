package store

import (
	"context"
	"testing"
)

func TestRecordIsChained(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir(), Options{})
	if err := db.Record(ctx, EventSettingsChanged, "backend.oneshot_url; by role:admin"); err != nil {
		t.Fatal(err)
	}
	var last AuditEntry
	if err := db.Audit(ctx, 1, func(e AuditEntry) error { last = e; return nil }); err != nil {
		t.Fatal(err)
	}
	if last.Event != EventSettingsChanged || last.Detail != "backend.oneshot_url; by role:admin" || last.Seq < 2 {
		t.Fatalf("last entry %+v", last)
	}
	if err := db.Record(ctx, "", "x"); err == nil {
		t.Fatal("an entry without an event was recorded")
	}
	rep, err := db.Verify(ctx)
	if err != nil || len(rep.Faults) != 0 {
		t.Fatalf("verify after Record: %v %v", rep, err)
	}
}

package store_test

import (
	"context"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// TestIndexFollowsEveryChange: the in-memory index holds each entry's state and times
// after sealing, every transition and a reopen, without decrypting anything to answer.
func TestIndexFollowsEveryChange(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := storetest.Open(t, storetest.InDir(dir))
	var ids []string
	for range 3 {
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
	if err := db.Reject(ctx, ids[1], "no"); err != nil {
		t.Fatal(err)
	}
	check := func(db *store.DB) {
		t.Helper()
		idx := db.Index()
		want := map[string]store.State{ids[0]: store.Confirmed, ids[1]: store.Rejected, ids[2]: store.Queued}
		if len(idx) != 3 {
			t.Fatalf("index holds %d entries, want 3", len(idx))
		}
		for _, m := range idx {
			if m.State != want[m.ID] || m.Sealed.IsZero() || m.Profile != "oneshot" {
				t.Errorf("%s: %+v, want %s", store.ShortID(m.ID), m, want[m.ID])
			}
			if m.ID == ids[0] && m.Confirmed.IsZero() {
				t.Errorf("the confirmed entry has no confirmation time")
			}
		}
	}
	check(db)
	db.Close()
	check(storetest.Open(t, storetest.InDir(dir)))
}

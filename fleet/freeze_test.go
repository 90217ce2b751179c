package fleet_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/fleet/fleettest"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

var defaultPolicy = fleet.Policy{FreezeAfter: 7 * 24 * time.Hour, MaxPending: 500, WarnRatio: 0.8}

func TestFreezeRules(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, tc := range []struct {
		name          string
		queued, held  int
		delivered     int // delivered, waiting for the backend's review: not counted
		sealed        time.Duration
		lastDelivery  time.Duration // ago; 0 = never
		want          fleet.Level
		wantCause     fleet.Cause
		wantStaleDays float64
	}{
		{name: "nothing waits", lastDelivery: 30 * day, want: fleet.OK},
		{name: "fresh queue", queued: 10, sealed: time.Hour, lastDelivery: 30 * day, want: fleet.OK, wantStaleDays: 1.0 / 24},
		{name: "just under 80% of freeze_after", queued: 3, sealed: 9 * day, lastDelivery: 5*day + 14*time.Hour, want: fleet.OK},
		{name: "four days without a delivery", queued: 3, sealed: 9 * day, lastDelivery: 4 * day, want: fleet.OK, wantStaleDays: 4},
		{name: "warning at 80% of freeze_after", queued: 3, sealed: 9 * day, lastDelivery: 5*day + 15*time.Hour, want: fleet.Warning, wantCause: fleet.CauseStale},
		{name: "refused at freeze_after", queued: 3, sealed: 9 * day, lastDelivery: 7 * day, want: fleet.Frozen, wantCause: fleet.CauseStale, wantStaleDays: 7},
		{name: "never delivered, sealed 7 days ago", queued: 1, sealed: 7 * day, want: fleet.Frozen, wantCause: fleet.CauseStale},
		{name: "400 waiting is not yet a warning", queued: 400, sealed: time.Hour, lastDelivery: time.Hour, want: fleet.OK},
		{name: "401 waiting warns", queued: 391, held: 10, sealed: time.Hour, lastDelivery: time.Hour, want: fleet.Warning, wantCause: fleet.CausePending},
		{name: "500 waiting still enrols", queued: 500, sealed: time.Hour, lastDelivery: time.Hour, want: fleet.Warning, wantCause: fleet.CausePending},
		{name: "501 waiting is refused", queued: 501, sealed: time.Hour, lastDelivery: time.Hour, want: fleet.Frozen, wantCause: fleet.CausePending},
		{name: "delivered ones awaiting review do not count", queued: 2, delivered: 900, sealed: time.Hour, lastDelivery: time.Hour, want: fleet.OK},
		{name: "pending wins over stale", queued: 600, sealed: 30 * day, want: fleet.Frozen, wantCause: fleet.CausePending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := fleet.Health{At: now, Queue: map[store.State]int{store.Queued: tc.queued, store.Held: tc.held, store.Delivered: tc.delivered}}
			if tc.queued+tc.held > 0 {
				h.OldestPending = now.Add(-tc.sealed)
			}
			if tc.lastDelivery > 0 {
				h.LastDelivery = now.Add(-tc.lastDelivery)
			}
			v := defaultPolicy.Evaluate(h)
			if v.Level != tc.want || v.Cause != tc.wantCause {
				t.Fatalf("verdict = %v/%q, want %v/%q (%+v)", v.Level, v.Cause, tc.want, tc.wantCause, v)
			}
			if tc.wantStaleDays != 0 && v.Stale != time.Duration(tc.wantStaleDays*float64(day)) {
				t.Errorf("stale = %v, want %v days", v.Stale, tc.wantStaleDays)
			}
		})
	}
}

// fakeClock is a settable clock shared by the store and the collector.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// TestDeliveryGoesOnDuringTheFreeze seals enrolments, lets a week pass on a fake clock
// without delivery (frozen, after a warning), then runs the real sync worker: the sealed
// enrolments are delivered although new ones are refused, and the freeze lifts.
func TestDeliveryGoesOnDuringTheFreeze(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	opts := storetest.DefaultOptions()
	opts.Now = clock.Now
	db := storetest.Open(t, storetest.WithOptions(opts))
	for n := 1; n <= 2; n++ {
		fleettest.Seal(t, db, n)
	}
	c := fleet.NewCollector(fleet.CollectorOptions{Store: db, Policy: defaultPolicy, Now: clock.Now})
	ctx := context.Background()
	steps := []struct {
		advance time.Duration
		want    fleet.Level
	}{{0, fleet.OK}, {5 * 24 * time.Hour, fleet.OK}, {16 * time.Hour, fleet.Warning}, {32 * time.Hour, fleet.Frozen}}
	for _, s := range steps {
		clock.Advance(s.advance)
		h, err := c.Collect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h.Freeze.Level != s.want {
			t.Fatalf("after %v: %v, want %v (%+v)", clock.Now().Sub(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)), h.Freeze.Level, s.want, h.Freeze)
		}
	}
	fleettest.Deliver(t, db) // the worker is not gated by the freeze
	h, err := c.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.Queue[store.Queued] != 0 || h.Queue[store.Sending] != 0 {
		t.Fatalf("still waiting after delivery during the freeze: %v", h.Queue)
	}
	if h.Freeze.Level != fleet.OK || !h.LastDelivery.Equal(clock.Now().UTC()) {
		t.Fatalf("after delivering: %+v, last delivery %v", h.Freeze, h.LastDelivery)
	}
}

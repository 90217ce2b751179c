package integration

import (
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// TestEveryFaultStillDeliversExactlyOnce runs the agent against a sandbox that ignores
// Idempotency-Key (as the vendors' documents describe) with each fault on. Every
// enrolment must end confirmed, or waiting for an operator to reconcile it when a
// create's answer was lost (counted in the output); nothing may reach the sandbox twice.
func TestEveryFaultStillDeliversExactlyOnce(t *testing.T) {
	cases := map[string]sandbox.Faults{
		"30% 5xx":            {ErrorRate: 0.3},
		"resets mid-body":    {ResetRate: 0.3},
		"lost answers":       {LoseRate: 0.25},
		"latency":            {LatencyMS: 40},
		"bandwidth cap":      {BandwidthBPS: 256 << 10},
		"429 storms":         {StormRate: 0.15, StormLength: 4, RetryAfterSeconds: 1},
		"everything at once": {ErrorRate: 0.15, ResetRate: 0.15, LoseRate: 0.1, LatencyMS: 5, StormRate: 0.05, StormLength: 3, RetryAfterSeconds: 1},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			const n = 8
			srv, url := sandboxtest.Sandbox(t, sandbox.Options{Faults: f, Seed: 7, IgnoreIdempotency: true})
			db := storetest.Open(t)
			var ids []string
			for i := range n {
				ids = append(ids, sandboxtest.Seal(t, db, oneshot.Name, i).ID)
			}
			sum := drain(t, newAgent(t, db, url, agentOpts{}), 3*time.Minute) // a hang guard, not a speed target
			confirmed, ambiguous := checkDelivered(t, db, srv, ids)
			if sum.Reconcile != ambiguous {
				t.Errorf("the drain counted %d for reconciliation, the store holds %d", sum.Reconcile, ambiguous)
			}
			if confirmed == 0 {
				t.Errorf("nothing was confirmed")
			}
			st := sandboxtest.Received(t, srv).Faults
			if st.Errors+st.Resets+st.Storm429+st.Lost == 0 && f.LatencyMS == 0 && f.BandwidthBPS == 0 {
				t.Errorf("no fault was injected: %+v", st)
			}
			t.Logf("%d confirmed, %d waiting for reconciliation (ambiguous), 0 duplicates; faults injected: %+v", confirmed, ambiguous, st)
		})
	}
}

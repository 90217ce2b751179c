package integration

import (
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// TestEveryFaultStillDeliversExactlyOnce runs the agent against the sandbox with each
// fault on; every enrolment must end confirmed and every step be applied exactly once.
func TestEveryFaultStillDeliversExactlyOnce(t *testing.T) {
	cases := map[string]sandbox.Faults{
		"30% 5xx":            {ErrorRate: 0.3},
		"resets mid-body":    {ResetRate: 0.3},
		"latency":            {LatencyMS: 40},
		"bandwidth cap":      {BandwidthBPS: 256 << 10},
		"429 storms":         {StormRate: 0.15, StormLength: 4, RetryAfterSeconds: 1},
		"everything at once": {ErrorRate: 0.15, ResetRate: 0.15, LatencyMS: 5, StormRate: 0.05, StormLength: 3, RetryAfterSeconds: 1},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, url := sandboxtest.Sandbox(t, sandbox.Options{Faults: f, Seed: 7, IgnoreIdempotency: true})
			db := storetest.Open(t)
			var ids []string
			for i := range 5 {
				ids = append(ids, sandboxtest.Seal(t, db, oneshot.Name, i).ID)
			}
			drain(t, newAgent(t, db, url, agentOpts{}), 3*time.Minute) // a hang guard, not a speed target
			checkAllConfirmed(t, db, ids)
			checkSandbox(t, srv, len(ids))
			st := sandboxtest.Received(t, srv).Faults
			if st.Errors+st.Resets+st.Storm429 == 0 && f.LatencyMS == 0 && f.BandwidthBPS == 0 {
				t.Errorf("no fault was injected: %+v", st)
			}
			t.Logf("faults injected: %+v", st)
		})
	}
}

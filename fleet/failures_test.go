package fleet_test

import (
	"testing"

	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
)

func TestClassifyEvent(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    ksync.Event
		want fleet.FailureClass // "" = no failure
	}{
		{"connection refused", ksync.Event{Kind: ksync.EventRetry, Err: "step create: POST /api/v1/request: dial tcp 10.0.0.1:443: connect: connection refused"}, fleet.FailNetwork},
		{"timeout", ksync.Event{Kind: ksync.EventRetry, Err: "step video: PUT /v: no byte moved for 1m0s"}, fleet.FailNetwork},
		{"503", ksync.Event{Kind: ksync.EventRetry, Err: "step create: POST /api/v1/request: HTTP 503: maintenance"}, fleet.Fail5xx},
		{"429", ksync.Event{Kind: ksync.EventRetry, Err: "step create: POST /x: HTTP 429"}, fleet.FailRateLimited},
		{"401 retry", ksync.Event{Kind: ksync.EventRetry, Err: "step login: POST /auth/login: HTTP 401: bad credentials"}, fleet.FailAuth},
		{"403 rejection", ksync.Event{Kind: ksync.EventState, State: store.Rejected, Err: "step x: GET /y: HTTP 403"}, fleet.FailAuth},
		{"422 rejection", ksync.Event{Kind: ksync.EventState, State: store.Rejected, Err: "step create: POST /r: HTTP 422: serial_number invalid"}, fleet.Fail4xx},
		{"worker stopped on credentials", ksync.Event{Kind: ksync.EventWorker, Worker: ksync.WorkerAuthFailed, Err: "refused"}, fleet.FailAuth},
		{"backend still reviewing", ksync.Event{Kind: ksync.EventRetry, Err: "waiting for the backend: status VIDEOREVIEW, asking again in 5s"}, ""},
		{"backend's own verdict", ksync.Event{Kind: ksync.EventState, State: store.Rejected, Err: "status: the backend refused the enrolment: REFUSED"}, ""},
		{"delivered", ksync.Event{Kind: ksync.EventState, State: store.Delivered}, ""},
		{"progress", ksync.Event{Kind: ksync.EventProgress, Sent: 10, Total: 20}, ""},
		{"an unreadable 200 answer has no failure status: network", ksync.Event{Kind: ksync.EventRetry, Err: "POST /x: HTTP 200 answer unreadable"}, fleet.FailNetwork},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := fleet.ClassifyEvent(tc.e)
			if ok != (tc.want != "") || got != tc.want {
				t.Fatalf("ClassifyEvent = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
	var f fleet.Failures
	f.Observe(ksync.Event{Kind: ksync.EventRetry, Err: "HTTP 502"})
	f.Observe(ksync.Event{Kind: ksync.EventRetry, Err: "HTTP 500"})
	f.Observe(ksync.Event{Kind: ksync.EventState, State: store.Confirmed})
	if got := f.Snapshot(); got[fleet.Fail5xx] != 2 || len(got) != len(fleet.FailureClasses) || got[fleet.FailNetwork] != 0 {
		t.Fatalf("counts = %v", got)
	}
}

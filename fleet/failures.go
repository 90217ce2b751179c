package fleet

import (
	"maps"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
)

// FailureClass is the kind of a delivery failure as reported to the fleet.
type FailureClass string

// Failure classes.
const (
	FailNetwork     FailureClass = "network" // no HTTP answer: refused, reset, timeout, DNS
	Fail4xx         FailureClass = "4xx"     // a client error other than 401, 403 and 429
	Fail5xx         FailureClass = "5xx"     // a server error
	FailRateLimited FailureClass = "429"     // too many requests
	FailAuth        FailureClass = "auth"    // 401, 403, or the worker stopped on credentials
)

// FailureClasses lists every class in report order.
var FailureClasses = []FailureClass{FailNetwork, Fail4xx, Fail5xx, FailRateLimited, FailAuth}

// httpStatus finds the status in a failure message of the API client ("HTTP 503").
var httpStatus = regexp.MustCompile(`\bHTTP (\d{3})\b`)

// ClassifyEvent returns the failure class an event of the sync worker reports, and false
// when it reports no failure. It reads only the status in the message, never its text.
// A retry without an HTTP status is a network failure; a wait for the backend's review is
// no failure, and neither is a rejection without an HTTP status (the backend's verdict).
func ClassifyEvent(e ksync.Event) (FailureClass, bool) {
	switch {
	case e.Kind == ksync.EventWorker && e.Worker == ksync.WorkerAuthFailed:
		return FailAuth, true
	case e.Kind == ksync.EventRetry:
		if strings.HasPrefix(e.Err, "waiting for the backend") {
			return "", false
		}
		return classifyStatus(e.Err, FailNetwork)
	case e.Kind == ksync.EventState && e.State == store.Rejected:
		return classifyStatus(e.Err, "")
	}
	return "", false
}

func classifyStatus(msg string, none FailureClass) (FailureClass, bool) {
	m := httpStatus.FindStringSubmatch(msg)
	if m == nil {
		return none, none != ""
	}
	code, _ := strconv.Atoi(m[1])
	switch {
	case code == 429:
		return FailRateLimited, true
	case code == 401 || code == 403:
		return FailAuth, true
	case code >= 500:
		return Fail5xx, true
	case code >= 400:
		return Fail4xx, true
	}
	return none, none != ""
}

// Counter counts events by label; it is safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	n  map[string]uint64
}

// Add counts one event under label.
func (c *Counter) Add(label string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]uint64{}
	}
	c.n[label]++
}

// Snapshot returns a copy of the counts.
func (c *Counter) Snapshot() map[string]uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

// Failures counts delivery failures by class from the sync worker's events.
type Failures struct{ c Counter }

// Observe counts e when it reports a failure. Call it from the worker's OnEvent.
func (f *Failures) Observe(e ksync.Event) {
	if class, ok := ClassifyEvent(e); ok {
		f.c.Add(string(class))
	}
}

// Snapshot returns the counts of every class (zero included).
func (f *Failures) Snapshot() map[FailureClass]uint64 {
	got := f.c.Snapshot()
	out := make(map[FailureClass]uint64, len(FailureClasses))
	for _, c := range FailureClasses {
		out[c] = got[string(c)]
	}
	return out
}

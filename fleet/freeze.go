package fleet

import (
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// Level is how close the kiosk is to refusing new enrolments.
type Level int

// Freeze levels.
const (
	// OK: enrol as usual.
	OK Level = iota
	// Warning: a freeze rule has passed its warning share; the status bar says so.
	Warning
	// Frozen: new enrolments are refused until the queue is delivered. Sealed enrolments
	// keep syncing.
	Frozen
)

// String names the level for logs and metrics.
func (l Level) String() string {
	switch l {
	case Warning:
		return "warning"
	case Frozen:
		return "frozen"
	}
	return "ok"
}

// Cause says which rule a Verdict is about.
type Cause string

// Causes.
const (
	// CauseStale: no successful delivery for too long while enrolments wait.
	CauseStale Cause = "stale"
	// CausePending: too many enrolments wait to be delivered.
	CausePending Cause = "pending"
)

// Policy is the freeze rules (config [fleet]).
type Policy struct {
	// FreezeAfter is how long enrolments may wait without a successful delivery.
	FreezeAfter time.Duration
	// MaxPending is how many enrolments may wait before new ones are refused.
	MaxPending int
	// WarnRatio is the share of either limit at which the warning starts.
	WarnRatio float64
}

// PolicyFromConfig returns the rules of the [fleet] section.
func PolicyFromConfig(f config.Fleet) Policy {
	return Policy{FreezeAfter: f.FreezeAfter.Duration, MaxPending: f.MaxPending, WarnRatio: f.WarnRatio}
}

// Verdict is the freeze rules' judgement of one Health.
type Verdict struct {
	Level Level
	// Cause is the rule that decided the level (empty when OK).
	Cause Cause
	// Pending is the count of enrolments waiting to be delivered, and MaxPending its limit.
	Pending, MaxPending int
	// Stale is how long enrolments have waited without a successful delivery, and
	// FreezeAfter its limit.
	Stale, FreezeAfter time.Duration
}

// Evaluate judges h. Enrolments wait "without a delivery" since the later of the last
// successful delivery and the sealing of the oldest one waiting: a kiosk with nothing to
// deliver never goes stale, and a kiosk that delivered last month is not frozen by this
// morning's first enrolment. The pending rule counts h.Undelivered(). A frozen verdict
// wins over a warning, and the pending rule over the stale one at the same level.
func (p Policy) Evaluate(h Health) Verdict {
	v := Verdict{Pending: h.Undelivered(), MaxPending: p.MaxPending, FreezeAfter: p.FreezeAfter}
	if v.Pending > 0 && !h.OldestPending.IsZero() {
		since := h.OldestPending
		if h.LastDelivery.After(since) {
			since = h.LastDelivery
		}
		v.Stale = max(h.At.Sub(since), 0)
	}
	warnPending := int(float64(p.MaxPending) * p.WarnRatio)
	warnStale := time.Duration(float64(p.FreezeAfter) * p.WarnRatio)
	switch {
	case p.MaxPending > 0 && v.Pending > p.MaxPending:
		v.Level, v.Cause = Frozen, CausePending
	case p.FreezeAfter > 0 && v.Pending > 0 && v.Stale >= p.FreezeAfter:
		v.Level, v.Cause = Frozen, CauseStale
	case p.MaxPending > 0 && v.Pending > warnPending:
		v.Level, v.Cause = Warning, CausePending
	case p.FreezeAfter > 0 && v.Pending > 0 && v.Stale >= warnStale:
		v.Level, v.Cause = Warning, CauseStale
	}
	return v
}

package access

import (
	"context"
	"time"
)

// Limiter is the lockout a Service consults: whether login is locked now, and what a
// failure or a success changes. *StoredLockout implements it.
type Limiter interface {
	// Locked returns when the lock ends, if login is locked now.
	Locked(ctx context.Context) (until time.Time, locked bool)
	// Fail records a wrong password or code.
	Fail(ctx context.Context)
	// Succeed records a login that passed.
	Succeed(ctx context.Context)
}

// Lockout counts failed logins in a row; after Max of them, login is refused until a
// lock period ends. Each further failure doubles the period, up to MaxLock.
type Lockout struct {
	Max       int
	Base, Cap time.Duration
	State     LockState
}

// LockState is what a Lockout remembers; StoredLockout keeps it in the store so that a
// restart does not reset the count.
type LockState struct {
	Failures int       `json:"failures"`
	Locks    int       `json:"locks"`
	Until    time.Time `json:"until"`
}

// NewLockout locks after max failures for 30 s, doubling up to 15 min.
func NewLockout(max int) *Lockout {
	return &Lockout{Max: max, Base: 30 * time.Second, Cap: 15 * time.Minute}
}

// Locked returns when the lock ends, if login is locked at now.
func (l *Lockout) Locked(now time.Time) (time.Time, bool) {
	return l.State.Until, now.Before(l.State.Until)
}

// Fail records a failure at now.
func (l *Lockout) Fail(now time.Time) {
	l.State.Failures++
	if l.State.Failures < l.Max {
		return
	}
	d := l.Base << min(l.State.Locks, 16)
	if d > l.Cap || d <= 0 {
		d = l.Cap
	}
	l.State.Until = now.Add(d)
	l.State.Locks++
	l.State.Failures = 0
}

// Succeed clears the count.
func (l *Lockout) Succeed() { l.State = LockState{} }

package access

import (
	"context"
	"time"
)

// Limiter is the lockout a Service consults, per user name: whether login is locked for
// user now, and what a failure or a success changes. Every user name has its own count,
// names no operator has (guesses) included. *StoredLockout implements it.
type Limiter interface {
	// Locked returns how long login stays locked for user, if it is locked now.
	Locked(ctx context.Context, user string) (wait time.Duration, locked bool)
	// Fail records a wrong password or code for user.
	Fail(ctx context.Context, user string)
	// Succeed records a login of user that passed; it clears only user's count.
	Succeed(ctx context.Context, user string)
}

// Lockout counts the failed logins in a row of one user name; after Max of them, login
// is refused until a lock period has elapsed. Each further lock doubles the period, up
// to Cap. The lock is measured in elapsed time (Elapse), never against the wall clock,
// so that setting the clock forward does not lift it.
type Lockout struct {
	Max       int
	Base, Cap time.Duration
	State     LockState
}

// LockState is what a Lockout remembers; StoredLockout keeps it in the store so that a
// restart does not reset the count or the time still to wait.
type LockState struct {
	Failures int `json:"failures"`
	Locks    int `json:"locks"`
	// Remaining is the lock time still to elapse; zero when not locked.
	Remaining time.Duration `json:"remaining"`
}

// NewLockout locks after max failures for 30 s, doubling up to 15 min.
func NewLockout(max int) *Lockout {
	return &Lockout{Max: max, Base: 30 * time.Second, Cap: 15 * time.Minute}
}

// Elapse counts d of elapsed time against the lock.
func (l *Lockout) Elapse(d time.Duration) {
	if d > 0 {
		l.State.Remaining = max(l.State.Remaining-d, 0)
	}
}

// Locked returns how long the lock still lasts, if login is locked.
func (l *Lockout) Locked() (time.Duration, bool) {
	return l.State.Remaining, l.State.Remaining > 0
}

// Fail records a failure.
func (l *Lockout) Fail() {
	l.State.Failures++
	if l.State.Failures < l.Max {
		return
	}
	d := l.Base << min(l.State.Locks, 16)
	if d > l.Cap || d <= 0 {
		d = l.Cap
	}
	l.State.Remaining = d
	l.State.Locks++
	l.State.Failures = 0
}

// Succeed clears the count.
func (l *Lockout) Succeed() { l.State = LockState{} }

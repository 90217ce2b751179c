package login

import "time"

// Lockout counts failed logins in a row; after Max of them, login is refused until a
// lock period ends. Each further failure doubles the period, up to MaxLock.
type Lockout struct {
	Max          int
	Base, Cap    time.Duration
	failures     int
	lockedUntil  time.Time
	currentLocks int
}

// NewLockout locks after max failures for 30 s, doubling up to 15 min.
func NewLockout(max int) *Lockout {
	return &Lockout{Max: max, Base: 30 * time.Second, Cap: 15 * time.Minute}
}

// Locked returns when the lock ends, if login is locked at now.
func (l *Lockout) Locked(now time.Time) (time.Time, bool) {
	return l.lockedUntil, now.Before(l.lockedUntil)
}

// Fail records a failure at now.
func (l *Lockout) Fail(now time.Time) {
	l.failures++
	if l.failures < l.Max {
		return
	}
	d := l.Base << min(l.currentLocks, 16)
	if d > l.Cap || d <= 0 {
		d = l.Cap
	}
	l.lockedUntil = now.Add(d)
	l.currentLocks++
	l.failures = 0
}

// Succeed clears the count.
func (l *Lockout) Succeed() { l.failures, l.currentLocks, l.lockedUntil = 0, 0, time.Time{} }

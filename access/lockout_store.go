package access

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"
)

// lockoutPrefix starts the store value names holding each user name's lockout state.
const lockoutPrefix = "operator_lockout/"

// StoredLockout keeps a Lockout per user name in the store's values, saved after every
// change, so that a restart lifts no lock and resets no count. Time is measured with
// elapsed, a monotonic clock: the wall clock can be set to any date without shortening
// a lock. The lock counts down only while the program runs (the time still to wait is
// what is saved), so switching the kiosk off does not wait it out either. Its methods
// are safe for concurrent use.
type StoredLockout struct {
	values  Values
	max     int
	elapsed func() time.Duration
	born    time.Duration // elapsed when made: a saved lock counts down from then
	logger  *slog.Logger
	mu      sync.Mutex
	users   map[string]*userLock // by store value name
}

// userLock is one user name's lockout and when (on the elapsed clock) it was last
// brought up to date.
type userLock struct {
	lockout *Lockout
	seen    time.Duration
}

var _ Limiter = (*StoredLockout)(nil)

// NewStoredLockout returns a lockout after max failures per user name. elapsed is a
// monotonic clock (nil: time since this call, on Go's monotonic reading); logger (nil:
// discard) reports a state it could not save.
func NewStoredLockout(values Values, max int, elapsed func() time.Duration, logger *slog.Logger) *StoredLockout {
	if elapsed == nil {
		start := time.Now()
		elapsed = func() time.Duration { return time.Since(start) }
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &StoredLockout{values: values, max: max, elapsed: elapsed, born: elapsed(), logger: logger, users: map[string]*userLock{}}
}

// user returns user's lockout brought up to the present, loading it from the store the
// first time; call it with l.mu held.
func (l *StoredLockout) user(ctx context.Context, name string) *userLock {
	now := l.elapsed()
	u, ok := l.users[name]
	if !ok {
		u = &userLock{lockout: NewLockout(l.max), seen: l.born}
		if b, err := l.values.Value(ctx, name); err == nil {
			var st LockState
			if json.Unmarshal(b, &st) == nil && st.Remaining >= 0 && st.Failures >= 0 {
				u.lockout.State = st
			}
		}
		l.users[name] = u
	}
	u.lockout.Elapse(now - u.seen)
	u.seen = now
	return u
}

// Locked implements Limiter. While locked, the time still to wait is saved, so that a
// restart goes on from there.
func (l *StoredLockout) Locked(ctx context.Context, user string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	name := lockoutName(user)
	u := l.user(ctx, name)
	wait, locked := u.lockout.Locked()
	if u.lockout.State.Locks > 0 {
		l.save(ctx, name, u)
	}
	return wait, locked
}

// Fail implements Limiter, and saves the new count.
func (l *StoredLockout) Fail(ctx context.Context, user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	name := lockoutName(user)
	u := l.user(ctx, name)
	u.lockout.Fail()
	l.save(ctx, name, u)
}

// Succeed implements Limiter: it clears user's count, saving only when there was one.
func (l *StoredLockout) Succeed(ctx context.Context, user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	name := lockoutName(user)
	u := l.user(ctx, name)
	if u.lockout.State != (LockState{}) {
		u.lockout.Succeed()
		if err := l.values.DeleteValue(ctx, name); err != nil {
			l.logger.Error("clear the login lockout", "err", err)
		}
	}
	delete(l.users, name)
}

// save keeps u's state across restarts; call it with l.mu held. A failure is logged:
// the lock still holds until the program stops.
func (l *StoredLockout) save(ctx context.Context, name string, u *userLock) {
	b, err := json.Marshal(u.lockout.State)
	if err == nil {
		err = l.values.PutValue(ctx, name, b)
	}
	if err != nil {
		l.logger.Error("save the login lockout", "err", err)
	}
}

// lockoutName is the store value name of user's lockout state.
func lockoutName(user string) string { return lockoutPrefix + userKey(user) }

package access

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"
)

// lockoutName is the store value holding the lockout state.
const lockoutName = "operator_lockout"

// StoredLockout is a Lockout whose state is kept in the store's values after every
// change, so that a restart does not lift a lock or reset the count. Its methods are
// safe for concurrent use.
type StoredLockout struct {
	values  Values
	now     func() time.Time
	logger  *slog.Logger
	mu      sync.Mutex
	lockout *Lockout
}

var _ Limiter = (*StoredLockout)(nil)

// NewStoredLockout returns a lockout after max failures, restoring the state saved
// before a restart. now is the clock; logger reports a state it could not save.
func NewStoredLockout(ctx context.Context, values Values, max int, now func() time.Time, logger *slog.Logger) *StoredLockout {
	l := &StoredLockout{values: values, now: now, logger: logger, lockout: NewLockout(max)}
	if b, err := values.Value(ctx, lockoutName); err == nil {
		var st LockState
		if json.Unmarshal(b, &st) == nil {
			l.lockout.State = st
		}
	}
	return l
}

// Locked implements Limiter.
func (l *StoredLockout) Locked(context.Context) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lockout.Locked(l.now())
}

// Fail implements Limiter, and saves the new count.
func (l *StoredLockout) Fail(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lockout.Fail(l.now())
	l.save(ctx)
}

// Succeed implements Limiter: it clears the count, saving only when there was one.
func (l *StoredLockout) Succeed(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lockout.State != (LockState{}) {
		l.lockout.Succeed()
		l.save(ctx)
	}
}

// save keeps the state across restarts; call it with l.mu held. A failure is logged:
// the lock still holds until the program stops.
func (l *StoredLockout) save(ctx context.Context) {
	b, err := json.Marshal(l.lockout.State)
	if err == nil {
		err = l.values.PutValue(ctx, lockoutName, b)
	}
	if err != nil {
		l.logger.Error("save the login lockout", "err", err)
	}
}

package login

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// Service decides logins: online first, offline when the backend cannot be reached.
// Its methods are safe for concurrent use.
type Service struct {
	online  Online // nil: offline only
	values  Values
	audit   Auditor // nil: logins are not audited (tests)
	params  Params
	now     func() time.Time
	logger  *slog.Logger
	mu      sync.Mutex
	lockout *Lockout
	current *Verifier
}

// Config configures a Service.
type Config struct {
	Online Online
	Values Values
	// Audit records every login, online, offline and failed; nil records none.
	Audit       Auditor
	MaxFailures int
	Params      Params
	Now         func() time.Time
	Logger      *slog.Logger
}

// NewService returns a login service, restoring a lockout saved before a restart.
func NewService(ctx context.Context, c Config) *Service {
	if c.Params == (Params{}) {
		c.Params = DefaultParams
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{online: c.Online, values: c.Values, audit: c.Audit, params: c.Params, now: c.Now, logger: c.Logger,
		lockout: NewLockout(max(c.MaxFailures, 1))}
	s.loadLockout(ctx)
	return s
}

// lockoutName is the store value holding the lockout state.
const lockoutName = "operator_lockout"

// loadLockout restores the failure count and lock saved before a restart.
func (s *Service) loadLockout(ctx context.Context) {
	b, err := s.values.Value(ctx, lockoutName)
	if err != nil {
		return
	}
	var st LockState
	if json.Unmarshal(b, &st) == nil {
		s.lockout.State = st
	}
}

// saveLockout keeps the lockout state across restarts; call it with s.mu held.
func (s *Service) saveLockout(ctx context.Context) {
	b, err := json.Marshal(s.lockout.State)
	if err == nil {
		err = s.values.PutValue(ctx, lockoutName, b)
	}
	if err != nil {
		s.logger.Error("save the login lockout", "err", err)
	}
}

// LockedError says until when login is locked.
type LockedError struct{ Until time.Time }

// Error says until when login is locked.
func (e *LockedError) Error() string {
	return fmt.Sprintf("%s (until %s)", ErrLocked.Error(), e.Until.Local().Format(time.TimeOnly))
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Login checks the operator's credentials. code is the MFA code, empty until asked for.
func (s *Service) Login(ctx context.Context, user, password, code string) (Operator, error) {
	user = strings.TrimSpace(user)
	s.mu.Lock()
	until, locked := s.lockout.Locked(s.now())
	s.mu.Unlock()
	if locked {
		return Operator{}, &LockedError{Until: until}
	}
	if user == "" || password == "" {
		return Operator{}, ErrBadCredentials
	}
	op, err := s.login(ctx, user, password, code)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil:
		if s.lockout.State != (LockState{}) {
			s.lockout.Succeed()
			s.saveLockout(ctx)
		}
	case errors.Is(err, ErrBadCredentials):
		s.lockout.Fail(s.now())
		s.saveLockout(ctx)
		s.logger.Warn("operator login refused", "offline", op.Offline)
	}
	s.record(ctx, op, err)
	return op, err
}

// record audits a login: who logged in and how, or that one failed (never the user name
// typed, which may be anything).
func (s *Service) record(ctx context.Context, op Operator, err error) {
	if s.audit == nil {
		return
	}
	event, detail := store.EventLoginOnline, op.ID
	switch {
	case errors.Is(err, ErrBadCredentials):
		how := "online"
		if op.Offline {
			how = "offline"
		}
		event, detail = store.EventLoginFailed, fmt.Sprintf("%s, %d failures in a row", how, s.lockout.State.Failures)
	case err != nil:
		return // the backend or the configuration failed: nobody was checked
	case op.Offline:
		event = store.EventLoginOffline
	}
	if aerr := s.audit.Record(ctx, event, detail); aerr != nil {
		s.logger.Error("audit the login", "err", aerr)
	}
}

func (s *Service) login(ctx context.Context, user, password, code string) (Operator, error) {
	if s.online != nil {
		op, err := s.online.Login(ctx, user, password, code)
		if err == nil {
			s.remember(ctx, op, password)
			s.logger.Info("operator logged in", "offline", false)
			return op, nil
		}
		if !errors.Is(err, ErrUnreachable) {
			return Operator{}, err
		}
		s.logger.Warn("backend unreachable: trying the offline login", "err", err)
	}
	return s.offline(ctx, user, password)
}

// offline checks password against the verifier cached for user.
func (s *Service) offline(ctx context.Context, user, password string) (Operator, error) {
	b, err := s.values.Value(ctx, verifierName(user))
	if err != nil {
		return Operator{}, ErrNoOfflineLogin
	}
	v, err := ParseVerifier(b)
	if err != nil {
		return Operator{}, err
	}
	if !v.Check(password) {
		return Operator{Offline: true}, ErrBadCredentials
	}
	s.mu.Lock()
	s.current = &v
	s.mu.Unlock()
	op := v.Operator
	op.Offline = true
	s.logger.Info("operator logged in", "offline", true)
	return op, nil
}

// remember caches a verifier for the next offline login. A failure only costs the
// offline login, so it is logged, not returned.
func (s *Service) remember(ctx context.Context, op Operator, password string) {
	v, err := NewVerifier(op, password, s.params)
	if err == nil {
		var b []byte
		if b, err = json.Marshal(v); err == nil {
			err = s.values.PutValue(ctx, verifierName(op.ID), b)
		}
	}
	if err != nil {
		s.logger.Error("cache the offline login", "err", err)
	}
	s.mu.Lock()
	s.current = &v
	s.mu.Unlock()
}

// Unlock checks the password of the operator logged in now, without the backend: it
// takes the screen back from a signer or ends an inactivity lock.
func (s *Service) Unlock(ctx context.Context, password string) error {
	s.mu.Lock()
	v := s.current
	until, locked := s.lockout.Locked(s.now())
	s.mu.Unlock()
	switch {
	case locked:
		return &LockedError{Until: until}
	case v == nil:
		return ErrBadCredentials
	case !v.Check(password):
		s.mu.Lock()
		s.lockout.Fail(s.now())
		s.saveLockout(ctx)
		s.mu.Unlock()
		return ErrBadCredentials
	}
	return nil
}

// Logout forgets the operator logged in now.
func (s *Service) Logout() {
	s.mu.Lock()
	s.current = nil
	s.mu.Unlock()
}

package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/auth"
)

// Service decides logins: online first, offline when the backend cannot be reached.
// Its methods are safe for concurrent use.
type Service struct {
	online  Online // nil: offline only
	values  Values
	params  Params
	logger  *slog.Logger
	lockout Limiter
	mu      sync.Mutex
	current *Verifier
}

// Config configures a Service.
type Config struct {
	// Online logs in against the backend; nil allows offline logins only.
	Online Online
	// Values keeps the offline verifiers and the lockout state.
	Values Values
	// MaxFailures locks login after this many wrong attempts in a row (at least 1).
	MaxFailures int
	// Params is the verifiers' argon2id cost; zero is DefaultParams.
	Params Params
	// Now is the lockout's clock; nil is time.Now.
	Now func() time.Time
	// Lockout, when set, replaces the StoredLockout built from Values, MaxFailures and Now.
	Lockout Limiter
	// Logger reports logins (never a password or a token); nil discards.
	Logger *slog.Logger
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
	if c.Lockout == nil {
		c.Lockout = NewStoredLockout(ctx, c.Values, max(c.MaxFailures, 1), c.Now, c.Logger)
	}
	return &Service{online: c.Online, values: c.Values, params: c.Params, logger: c.Logger, lockout: c.Lockout}
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
	if until, locked := s.lockout.Locked(ctx); locked {
		return Operator{}, &LockedError{Until: until}
	}
	if user == "" || password == "" {
		return Operator{}, ErrBadCredentials
	}
	op, err := s.login(ctx, user, password, code)
	switch {
	case err == nil:
		s.lockout.Succeed(ctx)
	case errors.Is(err, ErrBadCredentials):
		s.lockout.Fail(ctx)
		s.logger.Warn("operator login refused", "offline", op.Offline)
	}
	return op, err
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
	op.Session = auth.Session{} // the verifier never holds the backend's token
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
	s.mu.Unlock()
	until, locked := s.lockout.Locked(ctx)
	switch {
	case locked:
		return &LockedError{Until: until}
	case v == nil:
		return ErrBadCredentials
	case !v.Check(password):
		s.lockout.Fail(ctx)
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

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

	"github.com/enrolkiosk/enrolkiosk/store"
)

// DefaultMaxOfflineAge is how long after an operator's last online login the offline
// check still lets them in, unless kiosk.offline_login_max_age says otherwise.
const DefaultMaxOfflineAge = 72 * time.Hour

// offerWindow is how long after the backend failed (5xx) for a user name the operator
// may ask for the offline check.
const offerWindow = 5 * time.Minute

// Service decides logins: online first; offline by itself only when the backend cannot
// be reached, and on the operator's request when it is failing. Its methods are safe for
// concurrent use.
type Service struct {
	online  Online // nil: offline only
	values  Values
	audit   Auditor // nil: logins are not audited (tests)
	params  Params
	maxAge  time.Duration
	now     func() time.Time
	elapsed func() time.Duration
	logger  *slog.Logger
	lockout Limiter
	mu      sync.Mutex
	current *Verifier
	failing map[string]time.Duration // user key → when (elapsed) the backend failed for it

	adminRoles []string
	adminPass  *Verifier // the administrator passphrase's hash; nil when none is configured
}

// Config configures a Service.
type Config struct {
	// Online logs in against the backend; nil allows offline logins only.
	Online Online
	// Values keeps the offline verifiers and the lockout state.
	Values Values
	// Audit records every login, online, offline and failed; nil records none.
	Audit Auditor
	// MaxFailures locks a user name after this many wrong attempts in a row (at least 1).
	MaxFailures int
	// MaxOfflineAge is how long after an operator's last online login the offline check
	// still lets them in; zero is DefaultMaxOfflineAge.
	MaxOfflineAge time.Duration
	// Params is the verifiers' argon2id cost; zero is DefaultParams.
	Params Params
	// Now is the wall clock, for the age of offline verifiers; nil is time.Now.
	Now func() time.Time
	// Elapsed is a monotonic clock, for the lockout: setting the wall clock must not move
	// it. nil measures from NewService on Go's monotonic clock.
	Elapsed func() time.Duration
	// Lockout, when set, replaces the StoredLockout built from Values, MaxFailures and Elapsed.
	Lockout Limiter
	// Logger reports logins (never a user name, a password or a token); nil discards.
	Logger *slog.Logger
	// AdminRoles are the backend roles that make an operator an administrator; nil is
	// DefaultAdminRoles.
	AdminRoles []string
	// AdminPassphrase, when set, also makes whoever types it an administrator for one
	// change. Only its hash is kept.
	AdminPassphrase string
}

// NewService returns a login service; the lockout saved before a restart still holds
// (each user name's state is read from Values at its first attempt).
func NewService(_ context.Context, c Config) *Service {
	if c.Params == (Params{}) {
		c.Params = DefaultParams
	}
	if c.MaxOfflineAge <= 0 {
		c.MaxOfflineAge = DefaultMaxOfflineAge
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Elapsed == nil {
		start := time.Now()
		c.Elapsed = func() time.Duration { return time.Since(start) }
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Lockout == nil {
		c.Lockout = NewStoredLockout(c.Values, max(c.MaxFailures, 1), c.Elapsed, c.Logger)
	}
	if c.AdminRoles == nil {
		c.AdminRoles = DefaultAdminRoles
	}
	s := &Service{online: c.Online, values: c.Values, audit: c.Audit, params: c.Params, maxAge: c.MaxOfflineAge, now: c.Now,
		elapsed: c.Elapsed, logger: c.Logger, lockout: c.Lockout, failing: map[string]time.Duration{}, adminRoles: c.AdminRoles}
	if c.AdminPassphrase != "" {
		v, err := NewVerifier(Operator{ID: "administrator"}, c.AdminPassphrase, c.Params, time.Time{})
		if err != nil {
			c.Logger.Error("administrator passphrase: no administrator by passphrase", "err", err)
		} else {
			s.adminPass = &v
		}
	}
	return s
}

// LockedError says how long login stays locked for the user name tried.
type LockedError struct{ Wait time.Duration }

// Error says how long login stays locked.
func (e *LockedError) Error() string {
	return fmt.Sprintf("%s (for %s more)", ErrLocked.Error(), e.Wait.Round(time.Second))
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Login checks the operator's credentials. code is the MFA code, empty until asked for.
// The offline check runs by itself only when the backend cannot be reached.
func (s *Service) Login(ctx context.Context, user, password, code string) (Operator, error) {
	return s.attempt(ctx, user, password, func(user string) (Operator, error) {
		return s.login(ctx, user, password, code)
	})
}

// LoginOffline checks the operator's password against the verifier of their last online
// login, on the operator's request after Login said the backend is failing
// (ErrBackendFailing) for this user name in the last few minutes; otherwise it returns
// ErrOfflineNotOffered.
func (s *Service) LoginOffline(ctx context.Context, user, password string) (Operator, error) {
	return s.attempt(ctx, user, password, func(user string) (Operator, error) {
		s.mu.Lock()
		at, ok := s.failing[userKey(user)]
		s.mu.Unlock()
		if !ok || s.elapsed()-at > offerWindow {
			return Operator{}, ErrOfflineNotOffered
		}
		return s.offline(ctx, user, password)
	})
}

// attempt runs one login of user under the lockout: refused while user is locked, and
// counted as a failure when the credentials (or the user name) were wrong.
func (s *Service) attempt(ctx context.Context, user, password string, login func(user string) (Operator, error)) (Operator, error) {
	user = strings.TrimSpace(user)
	if user == "" || password == "" {
		return Operator{}, ErrBadCredentials
	}
	if wait, locked := s.lockout.Locked(ctx, user); locked {
		return Operator{}, &LockedError{Wait: wait}
	}
	op, err := login(user)
	switch {
	case err == nil:
		s.lockout.Succeed(ctx, user)
	case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrNoOfflineLogin):
		s.lockout.Fail(ctx, user)
		s.logger.Warn("operator login refused", "offline", op.Offline)
	}
	s.record(ctx, op, err)
	return op, err
}

// record audits a login: who logged in and how, or that one was refused (never the user
// name typed, which may be anything, nor a password).
func (s *Service) record(ctx context.Context, op Operator, err error) {
	if s.audit == nil {
		return
	}
	event, detail := store.EventLoginOnline, op.ID
	switch {
	case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrNoOfflineLogin):
		how := "online"
		if op.Offline {
			how = "offline"
		}
		event, detail = store.EventLoginFailed, how
	case err != nil:
		return // the backend or the configuration failed, or the name is locked: nobody was checked
	case op.Offline:
		event = store.EventLoginOffline
	}
	if aerr := s.audit.Record(ctx, event, detail); aerr != nil {
		s.logger.Error("audit the login", "err", aerr)
	}
}

func (s *Service) login(ctx context.Context, user, password, code string) (Operator, error) {
	if s.online == nil {
		return s.offline(ctx, user, password)
	}
	op, err := s.online.Login(ctx, user, password, code)
	switch {
	case err == nil:
		s.remember(ctx, op, password)
		s.logger.Info("operator logged in", "offline", false, "mfa", op.Session.MFA)
		return op, nil
	case errors.Is(err, ErrUnreachable):
		s.logger.Warn("backend unreachable: trying the offline login", "err", err)
		return s.offline(ctx, user, password)
	case errors.Is(err, ErrBadCredentials):
		s.revokeRefused(ctx, user, password)
	case errors.Is(err, ErrBackendFailing):
		s.mu.Lock()
		s.failing[userKey(user)] = s.elapsed()
		s.mu.Unlock()
		s.logger.Warn("backend failing: the operator may ask for the offline login", "err", err)
	}
	return Operator{}, err
}

// revokeRefused deletes user's offline verifier when the backend refused the very
// password it would accept: the account was disabled or its password changed, so the
// kiosk does not let them in offline either until they log in online again. A password
// the verifier does not accept either (a typo, a guess) leaves it alone, so that a guess
// cannot take an operator's offline login away.
func (s *Service) revokeRefused(ctx context.Context, user, password string) {
	b, err := s.values.Value(ctx, verifierName(user))
	if err != nil {
		return
	}
	if v, err := ParseVerifier(b); err == nil && !v.MFA && !v.Check(password) {
		return
	}
	s.revoke(ctx, user)
	s.logger.Warn("the backend refused an operator the kiosk knew: offline login revoked")
}

// revoke deletes user's offline verifier.
func (s *Service) revoke(ctx context.Context, user string) {
	if err := s.values.DeleteValue(ctx, verifierName(user)); err != nil {
		s.logger.Error("revoke the offline login", "err", err)
	}
}

// offline checks password against the verifier cached for user.
func (s *Service) offline(ctx context.Context, user, password string) (Operator, error) {
	b, err := s.values.Value(ctx, verifierName(user))
	if err != nil {
		return Operator{Offline: true}, ErrNoOfflineLogin
	}
	v, err := ParseVerifier(b)
	if err != nil {
		return Operator{Offline: true}, err
	}
	// Checked before the password, so that neither answer tells whether it was right.
	switch {
	case v.MFA:
		return Operator{Offline: true}, ErrOfflineMFA
	case v.Expired(s.now(), s.maxAge):
		s.revoke(ctx, user)
		return Operator{Offline: true}, ErrOfflineExpired
	case !v.Check(password):
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
	v, err := NewVerifier(op, password, s.params, s.now())
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
	delete(s.failing, userKey(op.ID))
	s.mu.Unlock()
}

// Unlock checks the password of the operator logged in now, without the backend: it
// takes the screen back from a signer or ends an inactivity lock. Wrong passwords count
// against that operator's lockout.
func (s *Service) Unlock(ctx context.Context, password string) error {
	s.mu.Lock()
	v := s.current
	s.mu.Unlock()
	if v == nil {
		return ErrBadCredentials
	}
	user := v.Operator.ID
	if wait, locked := s.lockout.Locked(ctx, user); locked {
		return &LockedError{Wait: wait}
	}
	if !v.Check(password) {
		s.lockout.Fail(ctx, user)
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

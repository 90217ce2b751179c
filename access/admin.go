package access

import (
	"context"
	"errors"
	"strings"
)

// Errors of the administrator check.
var (
	// ErrNotAdmin means a change needs an administrator: an operator whose backend login
	// has an administrator role, or the administrator passphrase.
	ErrNotAdmin = errors.New("Only an administrator can change this: log in with an administrator account, or enter the administrator passphrase")
	// ErrBadAdminPassphrase means the administrator passphrase typed is wrong.
	ErrBadAdminPassphrase = errors.New("Wrong administrator passphrase")
)

// DefaultAdminRoles are the backend roles that make an operator an administrator when
// kiosk.admin_roles does not say otherwise (compared without regard to case).
var DefaultAdminRoles = []string{"admin", "administrator", "superadmin"}

// adminLockName is the lockout's name for the administrator passphrase: it has its own
// count, which no operator's login resets. No user name has a NUL byte.
const adminLockName = "\x00administrator passphrase"

// Administrator is how an operator was found to be an administrator, for the audit log.
type Administrator struct {
	// Role is the backend role that made them one; empty when the passphrase did.
	Role string
	// Passphrase is true when the administrator passphrase was given.
	Passphrase bool
}

// String says how, without any secret: "role:Superadmin" or "passphrase".
func (a Administrator) String() string {
	if a.Passphrase {
		return "passphrase"
	}
	return "role:" + a.Role
}

// AdminRole returns the administrator role of op's online login, if it has one. An
// offline login has no roles (the backend did not vouch for them today).
func (s *Service) AdminRole(op Operator) (Administrator, bool) {
	for _, r := range op.Session.Roles {
		for _, a := range s.adminRoles {
			if strings.EqualFold(strings.TrimSpace(r), a) {
				return Administrator{Role: r}, true
			}
		}
	}
	return Administrator{}, false
}

// HasAdminPassphrase reports whether an administrator passphrase is configured.
func (s *Service) HasAdminPassphrase() bool { return s.adminPass != nil }

// CheckAdminPassphrase checks the administrator passphrase, under its own lockout.
func (s *Service) CheckAdminPassphrase(ctx context.Context, passphrase string) (Administrator, error) {
	if s.adminPass == nil || passphrase == "" {
		return Administrator{}, ErrNotAdmin
	}
	if wait, locked := s.lockout.Locked(ctx, adminLockName); locked {
		return Administrator{}, &LockedError{Wait: wait}
	}
	if !s.adminPass.Check(passphrase) {
		s.lockout.Fail(ctx, adminLockName)
		s.logger.Warn("administrator passphrase refused")
		return Administrator{}, ErrBadAdminPassphrase
	}
	s.lockout.Succeed(ctx, adminLockName)
	return Administrator{Passphrase: true}, nil
}

// OperatorRef names an operator in the audit log without their user name (which may be
// an e-mail address): the hash the store's value names use.
func OperatorRef(user string) string { return userKey(user) }

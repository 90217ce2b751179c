package config

import "time"

// Kiosk holds the settings of kiosk mode and operator sessions.
type Kiosk struct {
	// Fullscreen starts the window full screen without chrome (kiosk mode); on by
	// default, ignored in demo mode (--fullscreen still applies there).
	Fullscreen bool `toml:"fullscreen"`
	// InactivityLock locks the operator session after this long without input.
	InactivityLock Duration `toml:"inactivity_lock"`
	// MaxLoginFailures locks login after this many wrong attempts in a row.
	MaxLoginFailures int `toml:"max_login_failures"`
	// OfflineLoginMaxAge is how long after an operator's last online login the kiosk
	// still lets them in offline (with the password checked against the verifier kept
	// from that login).
	OfflineLoginMaxAge Duration `toml:"offline_login_max_age"`
	// AdminRoles are the backend roles (of an operator's online login) that may change
	// the settings that redirect data or weaken protection; compared without case.
	AdminRoles []string `toml:"admin_roles"`
	// AdminPassphrase, a credential reference, is the administrator passphrase that
	// also allows those changes (for example on a kiosk that logs in offline).
	AdminPassphrase SecretRef `toml:"admin_passphrase"`
}

// Bounds of the kiosk settings, so that no one weakens the protection they give: an
// inactivity lock that never comes or a lockout that never locks is refused.
const (
	MinInactivityLock     = 30 * time.Second
	MaxInactivityLock     = 30 * time.Minute
	MinLoginFailures      = 3
	MaxLoginFailures      = 10
	MinOfflineLoginMaxAge = time.Hour
	MaxOfflineLoginMaxAge = 30 * 24 * time.Hour
)

func defaultKiosk() Kiosk {
	return Kiosk{Fullscreen: true, InactivityLock: Duration{2 * time.Minute}, MaxLoginFailures: 5, OfflineLoginMaxAge: Duration{72 * time.Hour},
		AdminRoles: []string{"admin", "administrator", "superadmin"}}
}

func (k *Kiosk) validate() error {
	if d := k.InactivityLock.Duration; d < MinInactivityLock || d > MaxInactivityLock {
		return outOfRange("kiosk.inactivity_lock", "%v is out of range: must be between %v and %v", d, MinInactivityLock, MaxInactivityLock)
	}
	if n := k.MaxLoginFailures; n < MinLoginFailures || n > MaxLoginFailures {
		return outOfRange("kiosk.max_login_failures", "%d is out of range: must be between %d and %d", n, MinLoginFailures, MaxLoginFailures)
	}
	if d := k.OfflineLoginMaxAge.Duration; d < MinOfflineLoginMaxAge || d > MaxOfflineLoginMaxAge {
		return outOfRange("kiosk.offline_login_max_age", "%v is out of range: must be between %v and %v", d, MinOfflineLoginMaxAge, MaxOfflineLoginMaxAge)
	}
	return k.AdminPassphrase.validate("kiosk.admin_passphrase")
}

package config

import (
	"fmt"
	"time"
)

// Kiosk holds the settings of kiosk mode and operator sessions.
type Kiosk struct {
	// Fullscreen starts the window full screen without chrome.
	Fullscreen bool `toml:"fullscreen"`
	// InactivityLock locks the operator session after this long without input.
	InactivityLock Duration `toml:"inactivity_lock"`
	// MaxLoginFailures locks login after this many wrong attempts in a row.
	MaxLoginFailures int `toml:"max_login_failures"`
	// OfflineLoginMaxAge is how long after an operator's last online login the kiosk
	// still lets them in offline (with the password checked against the verifier kept
	// from that login).
	OfflineLoginMaxAge Duration `toml:"offline_login_max_age"`
}

// Bounds of the offline login's age.
const (
	MinOfflineLoginMaxAge = time.Hour
	MaxOfflineLoginMaxAge = 30 * 24 * time.Hour
)

func defaultKiosk() Kiosk {
	return Kiosk{InactivityLock: Duration{2 * time.Minute}, MaxLoginFailures: 5, OfflineLoginMaxAge: Duration{72 * time.Hour}}
}

func (k *Kiosk) validate() error {
	if k.InactivityLock.Duration != 0 && k.InactivityLock.Duration < 15*time.Second {
		return fmt.Errorf("kiosk.inactivity_lock %v is shorter than 15s", k.InactivityLock.Duration)
	}
	if k.MaxLoginFailures < 1 {
		return fmt.Errorf("kiosk.max_login_failures must be at least 1")
	}
	if d := k.OfflineLoginMaxAge.Duration; d < MinOfflineLoginMaxAge || d > MaxOfflineLoginMaxAge {
		return fmt.Errorf("kiosk.offline_login_max_age %v: must be between %v and %v", d, MinOfflineLoginMaxAge, MaxOfflineLoginMaxAge)
	}
	return nil
}

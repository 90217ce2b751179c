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
}

func defaultKiosk() Kiosk {
	return Kiosk{InactivityLock: Duration{2 * time.Minute}, MaxLoginFailures: 5}
}

func (k *Kiosk) validate() error {
	if k.InactivityLock.Duration != 0 && k.InactivityLock.Duration < 15*time.Second {
		return fmt.Errorf("kiosk.inactivity_lock %v is shorter than 15s", k.InactivityLock.Duration)
	}
	if k.MaxLoginFailures < 1 {
		return fmt.Errorf("kiosk.max_login_failures must be at least 1")
	}
	return nil
}

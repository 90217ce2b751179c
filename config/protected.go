package config

import "strings"

// Protected reports whether the setting under the dotted key changes where data goes or
// weakens protection: the backend profile and URLs, the CA bundle and every other
// backend setting, the trusted third party biometric data is encrypted to, the kiosk
// options (full screen, inactivity lock, lockout, offline login, administrators) and the
// store's protection. Changing one at the kiosk needs an administrator.
func Protected(key string) bool {
	switch {
	case key == "profile", key == "signature.trusted_third_party", key == "store.passphrase", key == "store.keyring":
		return true
	case strings.HasPrefix(key, "backend."), strings.HasPrefix(key, "kiosk."):
		return true
	}
	return false
}

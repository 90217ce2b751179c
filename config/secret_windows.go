package config

import (
	"fmt"
	"os"

	"github.com/enrolkiosk/enrolkiosk/internal/acl"
)

// checkOwnerOnly refuses a secret file that anyone but its owner, SYSTEM and the
// Administrators group may read, going by the file's access list (Windows has no Unix
// modes).
func checkOwnerOnly(path string, _ os.FileInfo) error {
	if err := acl.OwnerOnly(path); err != nil {
		return fmt.Errorf(`%w: %w: run icacls "%s" /inheritance:r /grant:r "%%USERNAME%%:R" on it`, ErrSecretUnavailable, err, path)
	}
	return nil
}

//go:build !windows

package store

import (
	"errors"
	"syscall"
)

// isDiskFull reports whether err says the file system is out of space or over quota.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

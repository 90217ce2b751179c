package store

import (
	"errors"
	"fmt"

	berrors "go.etcd.io/bbolt/errors"
)

// isCorruption reports whether bolt refused the file as damaged or not a bolt file.
func isCorruption(err error) bool {
	return errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrVersionMismatch) ||
		errors.Is(err, berrors.ErrChecksum) || errors.Is(err, berrors.ErrInvalidMapping)
}

// classifyWriteErr maps a failed write transaction to an error the operator can act on.
func classifyWriteErr(err error) error {
	if err == nil {
		return nil
	}
	if isDiskFull(err) {
		return fmt.Errorf("%w: %w (free some space; nothing of this change was written and earlier enrolments are intact)", ErrDiskFull, err)
	}
	return err
}

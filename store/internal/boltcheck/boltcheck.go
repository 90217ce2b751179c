// Package boltcheck runs bbolt's own consistency check (Tx.Check: every page reachable
// exactly once, no freed page in use, page types valid, keys in order) over a database.
// The store's Verify and the test helpers (store/storetest and the store's own tests)
// share it, so a test checks a file exactly as `enrolctl verify` does.
package boltcheck

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Tx runs bbolt's consistency check inside tx and returns every problem found, nil for
// a consistent database. It reads the checker's channel to its end: bbolt checks in a
// goroutine of its own, which must not outlive tx (its pages are unmapped after it).
func Tx(tx *bolt.Tx) []error {
	var errs []error
	for err := range tx.Check() {
		errs = append(errs, err)
	}
	return errs
}

// File opens the closed database file at path read-only, waiting up to timeout for a
// process that still has it open, and runs Tx over it. It returns nil for a consistent
// file, else an error joining every problem; a file bbolt cannot even open is an error
// too (a damaged header panics inside bbolt: that is reported, not raised).
func File(path string, timeout time.Duration) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bbolt check of %s: bbolt panicked: %v", path, r)
		}
	}()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return fmt.Errorf("bbolt check of %s: open: %w", path, err)
	}
	defer bdb.Close()
	var errs []error
	if err := bdb.View(func(tx *bolt.Tx) error { errs = Tx(tx); return nil }); err != nil {
		return fmt.Errorf("bbolt check of %s: %w", path, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("bbolt check of %s found %d problems: %w", path, len(errs), errors.Join(errs...))
	}
	return nil
}

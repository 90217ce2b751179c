// Package storetest opens stores for tests, as bbolt's internal btesting package does
// for bbolt itself: every store it opens is closed when the test ends and its file is
// then run through bbolt's consistency check (every page reachable exactly once, no
// freed page in use, page types valid, keys in order); a problem fails the test with
// bbolt's own words. Every test outside the store package that opens a store uses it
// (the store's own tests use the same check through an internal helper, as they cannot
// import this package).
//
//	db := storetest.Open(t)                                  // a new temporary data dir
//	db := storetest.Open(t, storetest.InDir(dir))            // a given data dir (reopen it)
//	db := storetest.Open(t, storetest.WithOptions(opts))     // a clock, a keyring, a passphrase...
//	dir := storetest.Dir(t)                                  // for code that opens the store itself
package storetest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/internal/boltcheck"
)

// DefaultOptions are the store options Open uses unless WithOptions is given: the
// device key in a key file in the data dir (no OS keyring) and a free-space reserve of
// 1 MiB instead of 32 MiB, so that tests pass on a small tmpfs.
func DefaultOptions() store.Options { return store.Options{MinFreeBytes: 1 << 20} }

// checkTimeout bounds the wait for the file to be released before it is checked.
const checkTimeout = 5 * time.Second

// Option changes how Open opens a store.
type Option func(*settings)

type settings struct {
	dir  string
	opts store.Options
}

// InDir opens the store in dir (made if missing) instead of a new temporary directory:
// to reopen a store a test closed, or one that code under test made.
func InDir(dir string) Option { return func(s *settings) { s.dir = dir } }

// WithOptions opens the store with o instead of DefaultOptions (as given: a zero
// MinFreeBytes means the store's own 32 MiB reserve).
func WithOptions(o store.Options) Option { return func(s *settings) { s.opts = o } }

// Open opens a store for the test, in a new temporary data dir unless InDir says
// where, and fails the test if it cannot. When the test ends the store is closed (the
// test may close it earlier) and checked as Check does.
func Open(t testing.TB, opts ...Option) *store.DB {
	t.Helper()
	s := settings{opts: DefaultOptions()}
	for _, o := range opts {
		o(&s)
	}
	if s.dir == "" {
		s.dir = t.TempDir()
	}
	db, err := store.Open(context.Background(), s.dir, s.opts)
	if err != nil {
		t.Fatalf("open the test store in %s: %v", s.dir, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close the test store: %v", err)
		}
		Check(t, s.dir)
	})
	return db
}

// Dir returns a new temporary data dir for code under test that opens the store itself
// (enrolctl's commands, the app's wiring). When the test ends, the database that code
// left there, if any, is checked as Check does; it must be closed by then.
func Dir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	t.Cleanup(func() { Check(t, dir) })
	return dir
}

// Check runs bbolt's consistency check now on the database file in the data dir dir
// and fails the test (t.Errorf) with every problem found. A data dir without a
// database passes: nothing was written.
func Check(t testing.TB, dir string) {
	t.Helper()
	path := filepath.Join(dir, store.FileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err := boltcheck.File(path, checkTimeout); err != nil {
		t.Errorf("the store left by the test is not consistent: %v", err)
	}
}

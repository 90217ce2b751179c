package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// openStore opens the store in the data dir with the options the configuration asks for.
// It refuses a data dir without a database rather than creating one (a mistyped
// --data-dir must not make a new key), unless recovering.
func (e *env) openStore(ctx context.Context, recoverDB bool) (*store.DB, config.Config, error) {
	return e.openStoreMode(ctx, recoverDB, false)
}

// openStoreReadOnly is openStore for the commands that only read (queue ls and show,
// verify): the database file is opened read-only, so a 0400 file (a copy under
// inspection) opens, and nothing in it can change.
func (e *env) openStoreReadOnly(ctx context.Context) (*store.DB, config.Config, error) {
	return e.openStoreMode(ctx, false, true)
}

func (e *env) openStoreMode(ctx context.Context, recoverDB, readOnly bool) (*store.DB, config.Config, error) {
	cfg, _, err := e.loadConfig()
	if err != nil {
		return nil, cfg, &exitError{code: exitConfig, err: err}
	}
	dir, err := e.resolveDataDir()
	if err != nil {
		return nil, cfg, err
	}
	path := filepath.Join(dir, store.FileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !recoverDB {
		return nil, cfg, fmt.Errorf("no database at %s (check --data-dir; the app creates it on first start)", path)
	}
	opts, err := store.OptionsFromConfig(ctx, cfg.Store)
	if err != nil {
		return nil, cfg, &exitError{code: exitConfig, err: err}
	}
	opts.Recover, opts.ReadOnly = recoverDB, readOnly
	opts.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := store.Open(ctx, dir, opts)
	if err != nil {
		return nil, cfg, err
	}
	if p := db.Recovered(); p != "" {
		fmt.Fprintf(e.stderr, "the damaged database was kept as %s; a new, empty one was started\n", p)
	}
	return db, cfg, nil
}

// dbFileReadOnly reports whether the database file in the data dir has no write bit for
// its owner (a 0400 copy under inspection). Root can write to such a file, so the mode,
// not a trial open, is what tells.
func (e *env) dbFileReadOnly() bool {
	dir, err := e.resolveDataDir()
	if err != nil {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, store.FileName))
	return err == nil && fi.Mode().Perm()&0o200 == 0
}

// resolveID turns the short or full id given on the command line into a full id.
func resolveID(ctx context.Context, db *store.DB, arg string) (string, error) {
	id, err := db.Resolve(ctx, arg)
	if errors.Is(err, store.ErrInvalid) {
		return "", &exitError{code: exitUsage, err: err}
	}
	return id, err
}

package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// TestRecoverDamagedStore: a damaged database refuses to open; recovering keeps it aside,
// byte for byte, and the next start opens a new queue.
func TestRecoverDamagedStore(t *testing.T) {
	ctx := context.Background()
	dir := storetest.Dir(t) // the new queue is checked when the test ends
	cfg := config.Default()
	cfg.Store.Keyring = false // a key file in dir, as on a machine without a keyring
	logger := slog.New(slog.DiscardHandler)
	damaged := bytes.Repeat([]byte("not a bbolt file "), 512)
	if err := os.WriteFile(filepath.Join(dir, "enrolkiosk.db"), damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(ctx, dir, cfg, logger, nil); !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("open a damaged file: %v, want ErrCorrupt", err)
	}
	moved, err := recoverStore(ctx, dir, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	if kept, err := os.ReadFile(moved); err != nil || !bytes.Equal(kept, damaged) {
		t.Fatalf("the damaged file was not kept intact at %q: %v", moved, err)
	}
	db, err := openStore(ctx, dir, cfg, logger, nil)
	if err != nil {
		t.Fatalf("open after recovery: %v", err)
	}
	if rep, err := db.Verify(ctx); err != nil || !rep.OK() {
		t.Fatalf("verify the new queue: %+v %v", rep, err)
	}
	db.Close()
}

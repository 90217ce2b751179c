package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"log/slog"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
)

// TestRemoteConfigurationRestartsOnIt: applying a remote configuration saves it and asks
// for a clean restart; the next start runs on it, verified again with the local key, and
// demo mode or a refused local file never do.
func TestRemoteConfigurationRestartsOnIt(t *testing.T) {
	priv := ed25519.NewKeyFromSeed([]byte(strings.Repeat("k", ed25519.SeedSize)))
	cfg := config.Default()
	cfg.Fleet.AdminKey = base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))
	body := []byte("[fleet]\nmax_pending = 42\n")
	d := fleet.Document{Body: body, Signature: ed25519.Sign(priv, body), Source: "fleet.bank.example"}
	dir := t.TempDir()
	logger := slog.New(slog.DiscardHandler)

	ctx, cancel := context.WithCancel(context.Background())
	k := &kiosk{logger: logger, cancel: cancel}
	if err := k.applyRemote(dir, d); err != nil {
		t.Fatal(err)
	}
	if !k.restart.Load() || ctx.Err() == nil {
		t.Fatal("applying did not ask for a restart")
	}
	got, digest := withOverlay(cfg, nil, dir, false, logger)
	if got.Fleet.MaxPending != 42 || digest != d.Digest() {
		t.Fatalf("after the restart: max_pending %d, digest %q", got.Fleet.MaxPending, digest)
	}
	if got, _ := withOverlay(cfg, nil, dir, true, logger); got.Fleet.MaxPending != 500 {
		t.Error("demo mode took the remote configuration")
	}
	other := cfg
	other.Fleet.AdminKey = base64.StdEncoding.EncodeToString(make([]byte, ed25519.PublicKeySize))
	if got, digest := withOverlay(other, nil, dir, false, logger); got.Fleet.MaxPending != 500 || digest != "" {
		t.Error("a document signed by another key was taken at start")
	}
}

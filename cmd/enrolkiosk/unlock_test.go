package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/ui"
)

// TestUnlockStartsTheFleet (unlock's part off the UI; the shell it then shows runs
// goroutines that the test driver's fyne.Do does not serialise): a kiosk whose device key is sealed by a passphrase starts
// without a store; once an administrator unlocks it, the fleet's health is served too,
// as it is for a kiosk that opened its store at start.
func TestUnlockStartsTheFleet(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	logger := slog.New(slog.DiscardHandler)
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Store.KeyProtection = "passphrase"
	cfg.Store.Keyring = false
	pass := []byte("a passphrase of the branch")
	db, err := openStore(ctx, dir, cfg, logger, pass)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(ctx, dir, cfg, logger, nil); !errors.Is(err, store.ErrPassphraseRequired) {
		t.Fatalf("a start without the passphrase: %v, want ErrPassphraseRequired", err)
	}

	cfg.Fleet.MetricsListen = freeLoopback(t)
	k := &kiosk{logger: logger, cancel: cancel}
	t.Cleanup(func() {
		cancel()
		k.workers.Wait()
		for i := len(k.closers) - 1; i >= 0; i-- {
			if err := k.closers[i](); err != nil {
				t.Error(err)
			}
		}
		storetest.Check(t, dir)
	})
	a := test.NewTempApp(t)
	w := a.NewWindow("unlock")
	deps := ui.Deps{Config: cfg, DataDir: dir, Window: w, Demo: true, Logger: logger}
	withFleet := func(db *store.DB, d *ui.Deps) *fleetParts {
		return k.newFleet(ctx, cfg, cfg, db, dir, d.Device, "", &fleet.Failures{})
	}
	if _, _, err := k.openUnlocked(ctx, deps, dir, "", "a wrong one", func(ksync.Event) {}, withFleet); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	if _, _, err := k.openUnlocked(ctx, deps, dir, "", string(pass), func(ksync.Event) {}, withFleet); err != nil {
		t.Fatal(err)
	}
	body := waitMetrics(t, "http://"+cfg.Fleet.MetricsListen+"/metrics")
	if !strings.Contains(body, "enrolkiosk_") {
		t.Fatalf("/metrics after the unlock serves no kiosk metric:\n%s", body)
	}
}

// freeLoopback returns a loopback host:port nothing listens on.
func freeLoopback(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// waitMetrics reads url until it answers 200 (the pusher's first collection) or 10 s pass.
func waitMetrics(t *testing.T, url string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && len(b) > 0 {
				return string(b)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no /metrics after the unlock: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

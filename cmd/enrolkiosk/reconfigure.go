package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/device"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
)

// configPoll is how often the configuration file is checked for changes.
const configPoll = 2 * time.Second

// reconfigurer applies a changed configuration to the running sync worker, so that
// credentials fixed in Settings (or in the file) are used without a restart.
type reconfigurer struct {
	w       *ksync.Worker
	db      *store.DB
	dev     device.Headers
	onEvent func(ksync.Event)
	logger  *slog.Logger
}

// apply rebuilds the worker's profiles from cfg; a configuration it cannot use is logged
// and the worker keeps its profiles.
func (r *reconfigurer) apply(ctx context.Context, cfg config.Config) {
	err := agent.Reconfigure(ctx, r.w, agent.Options{Config: cfg, Store: r.db, Keyring: store.OSKeyring{}, Device: r.dev,
		OnEvent: r.onEvent, Logger: r.logger})
	if err != nil {
		r.logger.Warn("sync: the changed configuration cannot be used; sending goes on with the previous one", "err", err)
		return
	}
	r.logger.Info("sync: configuration reloaded")
}

// watchConfig calls apply with the configuration at path each time the file changes
// (its modification time or size), checking every interval until ctx ends. A file that
// does not load is logged and skipped.
func watchConfig(ctx context.Context, path string, interval time.Duration, logger *slog.Logger, apply func(context.Context, config.Config)) {
	stamp := func() (time.Time, int64) {
		fi, err := os.Stat(path)
		if err != nil {
			return time.Time{}, -1
		}
		return fi.ModTime(), fi.Size()
	}
	mod, size := stamp()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		m, s := stamp()
		if m.Equal(mod) && s == size {
			continue
		}
		mod, size = m, s
		cfg, err := config.Load(path)
		if err != nil {
			logger.Warn("the changed configuration cannot be read; keeping the one in use", "path", path, "err", err)
			continue
		}
		apply(ctx, cfg)
	}
}

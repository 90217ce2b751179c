package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/fleet/otlp"
	"github.com/enrolkiosk/enrolkiosk/fleet/pushgw"
	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/internal/systemd"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// errRestart asks main to start the program again (a remote configuration was applied).
var errRestart = errors.New("restart to apply the new configuration")

// fleetTimeout bounds a fetch of the remote configuration.
const fleetTimeout = 30 * time.Second

// withOverlay applies the saved remote configuration over the local file's, verified
// again with the local admin key; it returns the configuration in force and the applied
// document's digest ("" for none). Demo mode and a refused file use none.
func withOverlay(cfg config.Config, cfgErr error, dataDir string, demo bool, logger *slog.Logger) (config.Config, string) {
	if cfgErr != nil || demo {
		return cfg, ""
	}
	key, err := cfg.Fleet.AdminPublicKey()
	if err != nil {
		return cfg, ""
	}
	merged, digest, err := fleet.LoadOverlay(dataDir, key, cfg)
	if err != nil {
		logger.Warn("fleet: saved remote configuration refused; running on the local file", "err", err)
	}
	if digest != "" {
		logger.Info("fleet: remote configuration in force", "sha256", digest[:12])
	}
	return merged, digest
}

// fleetParts are the fleet's pieces run started.
type fleetParts struct {
	failures *fleet.Failures
	pusher   *fleet.Pusher
	remote   *fleet.Remote
}

// newFleet builds the health collector, its exporters and the remote configuration of
// the store db. local is the local file's configuration (what a remote one is checked
// against), cfg the one in force.
func (k *kiosk) newFleet(ctx context.Context, cfg, local config.Config, db *store.DB, dataDir, installation, current string, failures *fleet.Failures) *fleetParts {
	f := cfg.Fleet
	exports, cfgFailures := &fleet.Counter{}, &fleet.Counter{}
	parts := &fleetParts{failures: failures}
	labels := fleet.Labels{InstallationID: installation, Branch: cfg.BranchID}
	co := fleet.CollectorOptions{Store: db, DataDir: dataDir, FreeBytes: paths.FreeBytes, Keys: fleet.StoreKeys{DB: db},
		Labels: labels, Info: fleet.InfoFromConfig(cfg, buildinfo.Version()),
		Policy: fleet.PolicyFromConfig(f), Failures: failures, Exports: exports, Config: cfgFailures, Logger: k.logger}
	if f.ConfigURL != "" && cfg.Fleet.AdminKey != "" {
		key, _ := local.Fleet.AdminPublicKey()
		parts.remote = fleet.NewRemote(fleet.RemoteOptions{
			Fetcher: fleet.HTTPFetcher{URL: f.ConfigURL, Client: &http.Client{Timeout: fleetTimeout}}, Key: key,
			Base: func() config.Config { return local }, Audit: db, Failures: cfgFailures,
			Interval: f.ConfigInterval.Duration, Current: current, Logger: k.logger,
			Busy:  k.enrolling,
			Apply: func(ctx context.Context, _ config.Config, d fleet.Document) error { return k.applyRemote(dataDir, d) },
		})
		co.Applied = parts.remote.Applied
	}
	var targets []fleet.Target
	if f.CollectorURL != "" {
		exp, err := otlp.New(ctx, f.CollectorURL, labels, buildinfo.Version())
		if err != nil {
			k.logger.Warn("fleet: no OTLP export", "err", err)
		} else {
			targets = append(targets, fleet.Target{Name: "otlp", Exporter: exp})
			k.closers = append(k.closers, func() error {
				cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				return exp.Close(cctx)
			})
		}
	}
	if f.PushgatewayURL != "" {
		targets = append(targets, fleet.Target{Name: "pushgateway", Exporter: pushgw.New(f.PushgatewayURL, nil)})
	}
	parts.pusher = fleet.NewPusher(fleet.PusherOptions{Collector: fleet.NewCollector(co), Targets: targets,
		Interval: f.PushInterval.Duration, Exports: exports, Logger: k.logger})
	if f.MetricsListen != "" {
		k.serveMetrics(f.MetricsListen, parts.pusher)
	}
	return parts
}

// serveMetrics serves the health in Prometheus's text format at addr/metrics (a loopback
// address: config refuses any other).
func (k *kiosk) serveMetrics(addr string, p *fleet.Pusher) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		k.logger.Warn("fleet: no local /metrics", "addr", addr, "err", err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", pushgw.Handler(p.Latest))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			k.logger.Warn("fleet: local /metrics stopped", "err", err)
		}
	}()
	k.closers = append(k.closers, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return srv.Shutdown(ctx)
	})
}

// start runs the pusher and the remote configuration until ctx ends.
func (k *kiosk) startFleet(ctx context.Context, parts *fleetParts) {
	k.goWorker(func() { parts.pusher.Run(ctx) })
	if parts.remote != nil {
		k.goWorker(func() { parts.remote.Run(ctx) })
	}
}

// busyTimeout bounds the question to the UI goroutine; no answer counts as busy.
const busyTimeout = 10 * time.Second

// enrolling reports whether the wizard holds an enrolment under way, asked on the UI
// goroutine; before the shell exists nothing is. A UI that does not answer (hung, or
// gone at shutdown) counts as busy, so nothing is applied and nothing waits for it.
func (k *kiosk) enrolling(ctx context.Context) bool {
	s := k.shell.Load()
	if s == nil {
		return false
	}
	answer := make(chan bool, 1)
	fyne.Do(func() { answer <- s.EnrolmentInProgress() })
	t := time.NewTimer(busyTimeout)
	defer t.Stop()
	select {
	case busy := <-answer:
		return busy
	case <-ctx.Done():
	case <-t.C:
	}
	return true
}

// applyRemote saves the document as the overlay and shuts the app down cleanly to start
// it again on the new configuration (every part reads it at start).
func (k *kiosk) applyRemote(dataDir string, d fleet.Document) error {
	if err := fleet.SaveOverlay(dataDir, d); err != nil {
		return err
	}
	k.logger.Info("fleet: remote configuration saved; restarting to apply it", "sha256", d.Digest()[:12])
	k.restart.Store(true)
	k.cancel()
	return nil
}

// watchdog tells systemd the app is ready once the UI runs, and pings its watchdog while
// the UI goroutine answers. Outside systemd it does nothing.
type watchdog struct {
	notifier systemd.Notifier
	started  chan struct{}
	once     atomic.Bool
}

func newWatchdog() *watchdog {
	return &watchdog{notifier: systemd.NotifierFromEnv(os.Getenv), started: make(chan struct{})}
}

// Started is the app's OnStarted: READY=1.
func (w *watchdog) Started(logger *slog.Logger) {
	if w.once.Swap(true) {
		return
	}
	close(w.started)
	if w.notifier.Enabled() {
		if err := w.notifier.Notify(context.Background(), systemd.Ready); err != nil {
			logger.Warn("systemd: READY", "err", err)
		}
	}
}

// Run pings while the UI goroutine answers a round trip, from the start until ctx ends.
func (w *watchdog) Run(ctx context.Context, logger *slog.Logger) {
	interval, ok := systemd.WatchdogInterval(os.Getenv, os.Getpid())
	if !ok || !w.notifier.Enabled() {
		return
	}
	select {
	case <-ctx.Done():
		return
	case <-w.started:
	}
	logger.Info("systemd watchdog", "interval", fmt.Sprint(interval))
	systemd.WatchdogLoop{Pinger: w.notifier, Interval: interval, Heartbeats: []systemd.Heartbeat{systemd.RoundTrip(fyne.Do)}, Logger: logger}.Run(ctx)
}

// Stopping tells systemd the app is shutting down.
func (w *watchdog) Stopping() {
	if w.notifier.Enabled() {
		_ = w.notifier.Notify(context.Background(), systemd.Stopping)
	}
}

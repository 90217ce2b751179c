package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/assets"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/ui"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
)

// statusInterval is how often the status bar probes the backend and the queue.
const statusInterval = 10 * time.Second

// app is what run starts, stopped in reverse order when it returns.
type kiosk struct {
	logger  *slog.Logger
	workers sync.WaitGroup
	closers []func() error
}

// goWorker runs fn in a goroutine that shutdown waits for.
func (k *kiosk) goWorker(fn func()) {
	k.workers.Add(1)
	go func() { defer k.workers.Done(); fn() }()
}

// run starts everything, shows the window until it is closed or ctx is cancelled, then
// stops the workers and closes the store before returning.
func run(ctx context.Context, o options, logger *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	cfgPath, cfg, cfgErr := loadConfig(o)
	if cfgErr != nil {
		logger.Warn("configuration refused; opening Settings", "path", cfgPath, "err", cfgErr)
	}
	dataDir, err := dataDir(o)
	if err != nil {
		return err
	}
	k := &kiosk{logger: logger}
	defer func() {
		cancel()
		k.workers.Wait()
		for i := len(k.closers) - 1; i >= 0; i-- {
			if err := k.closers[i](); err != nil {
				logger.Error("shutdown", "err", err)
			}
		}
		logger.Info("shut down cleanly")
	}()

	if o.demo {
		d, err := startDemo(ctx, dataDir, logger)
		if err != nil {
			return err
		}
		k.closers = append(k.closers, d.Close)
		cfg = d.apply(cfg)
	}

	if err := ui.LoadTranslations(cfg.Language); err != nil {
		logger.Warn("translations", "err", err)
	}
	a := app.NewWithID(buildinfo.AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(ui.NewTheme())
	w := a.NewWindow(lang.L("Enrol Kiosk"))

	deps := ui.Deps{
		Config: cfg, ConfigErr: cfgErr, ConfigPath: cfgPath, DataDir: dataDir, Demo: o.demo,
		Kiosk: o.fullscreen || cfg.Kiosk.Fullscreen, Window: w,
		Reload:    func() (config.Config, error) { return config.Load(cfgPath) },
		UserAgent: buildinfo.UserAgent(runtime.GOOS), IP: localIP(),
		InactivityLock: cfg.Kiosk.InactivityLock.Duration, Logger: logger,
	}
	if o.demo {
		deps.DemoUser, deps.DemoPassword = sandbox.DemoUsers[0].Username, sandbox.DemoUsers[0].Password
	}
	var shellRef atomic.Pointer[ui.Shell] // the worker may report before the shell exists
	var queue status.Queue
	if db, err := k.wire(ctx, &deps, dataDir, func(e ksync.Event) {
		if s := shellRef.Load(); s != nil {
			s.SyncEvent(e)
		}
	}); err != nil {
		logger.Error("the kiosk cannot enrol", "err", err)
		deps.StoreErr = err
		if errors.Is(err, store.ErrCorrupt) {
			deps.RecoverStore = func() (string, error) { return recoverStore(ctx, dataDir, cfg, logger) }
		}
	} else {
		queue = queueStatus{db: db}
		// Settings are saved only behind the operator login (so not without a store), and
		// never in demo mode, whose settings point at the in-process sandbox.
		if !o.demo {
			deps.SaveSettings = func(edits map[string]any) (config.Config, error) { return saveSettings(cfgPath, edits) }
		}
	}
	deps.Monitor = status.NewMonitor(prober(cfg), queue, statusInterval, logger)
	k.goWorker(func() { deps.Monitor.Run(ctx) })

	shell := ui.NewShell(deps)
	shellRef.Store(shell)
	k.goWorker(func() { shell.Run(ctx) })
	w.SetContent(shell.Object())
	w.Resize(fyne.NewSize(1100, 720))
	w.SetMaster()
	a.Lifecycle().SetOnStopped(shell.Stopping)
	if deps.Kiosk {
		w.SetFullScreen(true)
		w.SetCloseIntercept(func() {
			if shell.MayClose() {
				w.Close()
			}
		})
	}
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	logger.Info("started", "version", buildinfo.Version(), "data_dir", dataDir, "demo", o.demo, "profile", cfg.Profile)
	w.ShowAndRun()
	return nil
}

// wire opens the store and builds what depends on it: identity, login, camera, pen, sync
// worker. The store is closed last at shutdown.
func (k *kiosk) wire(ctx context.Context, deps *ui.Deps, dataDir string, onEvent func(ksync.Event)) (*store.DB, error) {
	cfg := deps.Config
	db, err := openStore(ctx, dataDir, cfg, k.logger)
	if err != nil {
		return nil, err
	}
	k.closers = append(k.closers, db.Close)
	dev, err := headers(ctx, db, cfg)
	if err != nil {
		return nil, err
	}
	deps.Store, deps.Device = db, dev.InstallationID()
	deps.Login = newLogin(ctx, db, cfg, dev, k.logger)
	if deps.Terms, err = terms(cfg); err != nil {
		return nil, err
	}
	cam := &lazyCamera{cfg: cfg.Camera, logger: k.logger}
	k.closers = append(k.closers, cam.Close)
	deps.Camera, deps.Preview = cam, cam.Preview
	deps.PenSource = func(ctx context.Context) (signaturepad.Source, error) {
		return signaturepad.OpenSource(ctx, cfg.Signature.Source)
	}
	k.goWorker(func() { maintain(ctx, db, cfg.Store, maintainEvery, k.logger) })
	worker, err := newWorker(ctx, db, cfg, dev, deps.Demo, onEvent, k.logger)
	if err != nil {
		k.logger.Warn("sync worker", "err", err)
		deps.SyncErr = err
		return db, nil
	}
	deps.Sync = worker
	k.goWorker(func() {
		if err := worker.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			k.logger.Error("sync worker stopped", "err", err)
		}
	})
	if !deps.Demo && deps.ConfigPath != "" {
		re := &reconfigurer{w: worker, db: db, dev: dev, onEvent: onEvent, logger: k.logger}
		k.goWorker(func() { watchConfig(ctx, deps.ConfigPath, configPoll, k.logger, re.apply) })
	}
	return db, nil
}

// loadConfig reads the configuration. A missing default file is not an error (defaults);
// a missing file named by --config is, and so is any bad file.
func loadConfig(o options) (string, config.Config, error) {
	path := o.configPath
	if path == "" {
		p, err := config.DefaultPath()
		if err != nil {
			return "", config.Default(), err
		}
		path = p
	}
	cfg, err := config.Load(path)
	if o.configPath == "" && errors.Is(err, config.ErrNotFound) {
		return path, config.Default(), nil
	}
	return path, cfg, err
}

func dataDir(o options) (string, error) {
	dir := o.dataDir
	if dir == "" {
		d, err := paths.DataDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	if err := paths.EnsureDir(dir); err != nil {
		return "", fmt.Errorf("data directory: %w (choose another with --data-dir)", err)
	}
	return dir, nil
}

// prober returns the status bar's backend probe, or nil when no URL is configured.
func prober(cfg config.Config) status.Prober {
	url := cfg.Backend.URLFor(cfg.Profile)
	if url == "" {
		return nil
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &status.URLProber{URL: url, Client: client}
}

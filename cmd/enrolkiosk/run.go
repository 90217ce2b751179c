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
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/ui"
	"github.com/enrolkiosk/enrolkiosk/ui/lockdown"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
)

// statusInterval is how often the status bar probes the backend and the queue.
const statusInterval = 10 * time.Second

// app is what run starts, stopped in reverse order when it returns.
type kiosk struct {
	logger  *slog.Logger
	workers sync.WaitGroup
	closers []func() error
	// passphrase is the device key's, typed on the unlock screen; nil uses store.passphrase.
	passphrase []byte
	// cancel stops everything; restart, set before, makes run return errRestart.
	cancel  context.CancelFunc
	restart atomic.Bool
	// shell is set once the window's content exists (the worker may report before).
	shell atomic.Pointer[ui.Shell]
	// demoCard and demoFace are demo mode's camera sources for the document steps (the
	// card) and the selfie step (the face scene); empty outside demo mode or with a
	// camera chosen.
	demoCard, demoFace string
}

// goWorker runs fn in a goroutine that shutdown waits for.
func (k *kiosk) goWorker(fn func()) {
	k.workers.Add(1)
	go func() { defer k.workers.Done(); fn() }()
}

// unlock opens the store with the passphrase an administrator typed on the unlock screen
// and, when it opens, puts a shell with everything wired in the window. It runs off the
// UI goroutine; a wrong passphrase is returned for the screen to show.
func (k *kiosk) unlock(ctx context.Context, deps ui.Deps, dataDir, cfgPath, pass string, onEvent func(ksync.Event),
	withFleet func(*store.DB, *ui.Deps) *fleetParts, w fyne.Window) error {
	deps, parts, err := k.openUnlocked(ctx, deps, dataDir, cfgPath, pass, onEvent, withFleet)
	if err != nil {
		return err
	}
	fyne.Do(func() {
		shell := ui.NewShell(deps)
		k.shell.Store(shell)
		k.goWorker(func() { shell.Run(ctx) })
		parts.pusher.Subscribe(func(h fleet.Health) { shell.Fleet(h.Freeze) })
		w.SetContent(shell.Object())
		shell.Focus()
	})
	return nil
}

// openUnlocked is unlock's part off the UI: the store opened with the passphrase, what
// depends on it wired, and the status monitor and the fleet's health started.
func (k *kiosk) openUnlocked(ctx context.Context, deps ui.Deps, dataDir, cfgPath, pass string, onEvent func(ksync.Event),
	withFleet func(*store.DB, *ui.Deps) *fleetParts) (ui.Deps, *fleetParts, error) {
	k.passphrase = []byte(pass)
	db, err := k.wire(ctx, &deps, dataDir, onEvent)
	if err != nil {
		return deps, nil, err
	}
	parts := withFleet(db, &deps)
	k.startFleet(ctx, parts)
	if !deps.Demo {
		deps.SaveSettings = func(edits map[string]any) (config.Config, error) {
			return saveSettings(cfgPath, edits)
		}
	}
	deps.Monitor = status.NewMonitor(prober(deps.Config), queueStatus{db: db}, statusInterval, k.logger)
	k.goWorker(func() { deps.Monitor.Run(ctx) })
	return deps, parts, nil
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
	local := cfg
	cfg, remoteDigest := withOverlay(cfg, cfgErr, dataDir, o.demo, logger)
	k := &kiosk{logger: logger, cancel: cancel}
	dog := newWatchdog()
	releaseSignals := func() {}
	defer func() { releaseSignals() }() // last: a second signal must not kill the closers
	defer func() {
		dog.Stopping()
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
		k.demoCard, k.demoFace = cfg.Camera.Source, d.face
	}

	if err := ui.LoadTranslations(cfg.Language); err != nil {
		logger.Warn("translations", "err", err)
	}
	a := app.NewWithID(buildinfo.AppID)
	fyneStop, err := takeStopHook(a.Lifecycle())
	if err != nil {
		logger.Warn("shutdown", "err", err)
	}
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(ui.NewTheme())
	w := a.NewWindow(lang.L("Enrol Kiosk"))

	deps := ui.Deps{
		Config: cfg, ConfigErr: cfgErr, ConfigPath: cfgPath, DataDir: dataDir, Demo: o.demo,
		Kiosk: o.fullscreen || (cfg.Kiosk.Fullscreen && !o.demo), Window: w, Lockdown: lockdown.New(w, logger),
		Reload:    func() (config.Config, error) { return config.Load(cfgPath) },
		UserAgent: buildinfo.UserAgent(runtime.GOOS), IP: localIP(),
		InactivityLock: cfg.Kiosk.InactivityLock.Duration, Logger: logger,
	}
	if r, err := mrz.NewReader(""); err != nil {
		logger.Warn("the ID documents' machine readable zone will not be read", "err", err)
	} else {
		deps.MRZ = r
	}
	if o.demo {
		deps.DemoUser, deps.DemoPassword = sandbox.DemoUsers[0].Username, sandbox.DemoUsers[0].Password
	}
	var queue status.Queue
	failures := &fleet.Failures{}
	var pusher atomic.Pointer[fleet.Pusher]
	onEvent := func(e ksync.Event) {
		failures.Observe(e)
		if p := pusher.Load(); p != nil && e.Kind == ksync.EventState {
			p.Refresh()
		}
		if s := k.shell.Load(); s != nil {
			s.SyncEvent(e)
		}
	}
	// withFleet builds the fleet's parts for an open store (at start, or after an unlock)
	// and has a seal refresh the metrics.
	withFleet := func(db *store.DB, d *ui.Deps) *fleetParts {
		p := k.newFleet(ctx, cfg, local, db, dataDir, d.Device, remoteDigest, failures)
		pusher.Store(p.pusher)
		d.OnSealed = func(store.Enrolment) { p.pusher.Refresh() }
		return p
	}
	before := deps // what the shell gets without a store
	db, err := k.wire(ctx, &deps, dataDir, onEvent)
	var parts *fleetParts
	if err != nil {
		logger.Error("the kiosk cannot enrol", "err", err)
		deps.StoreErr = err
		if errors.Is(err, store.ErrCorrupt) {
			deps.RecoverStore = func() (string, error) { return recoverStore(ctx, dataDir, cfg, logger) }
		}
		if errors.Is(err, store.ErrPassphraseRequired) || errors.Is(err, store.ErrWrongPassphrase) {
			deps.UnlockStore = func(pass string) error {
				return k.unlock(ctx, before, dataDir, cfgPath, pass, onEvent, withFleet, w)
			}
		}
	} else {
		queue = queueStatus{db: db}
		parts = withFleet(db, &deps)
		// Settings are saved only behind the operator login (so not without a store), and
		// never in demo mode, whose settings point at the in-process sandbox.
		if !o.demo {
			deps.SaveSettings = func(edits map[string]any) (config.Config, error) { return saveSettings(cfgPath, edits) }
		}
	}
	deps.Monitor = status.NewMonitor(prober(cfg), queue, statusInterval, logger)
	k.goWorker(func() { deps.Monitor.Run(ctx) })

	shell := ui.NewShell(deps)
	k.shell.Store(shell)
	k.goWorker(func() { shell.Run(ctx) })
	if parts != nil {
		parts.pusher.Subscribe(func(h fleet.Health) { shell.Fleet(h.Freeze) })
		k.startFleet(ctx, parts)
	}
	k.goWorker(func() { dog.Run(ctx, logger) })
	a.Lifecycle().SetOnStarted(func() {
		releaseSignals = takeSignals(cancel)
		dog.Started(logger)
	})
	w.SetContent(shell.Object())
	shell.Focus()
	w.Resize(fyne.NewSize(1100, 720))
	w.SetMaster()
	if o.probe != "" {
		k.startProbe(ctx, w.Canvas(), o.probe)
	}
	if deps.Kiosk {
		w.SetFullScreen(true)
		shell.KeepInFront(a.Lifecycle(), w)
	}
	// Always: a close request never leaves the signer's screen, full screen or not. A
	// granted one stops the app like a signal does: the stopper ends the UI loop.
	w.SetCloseIntercept(func() {
		s := k.shell.Load()
		if s.MayClose() {
			cancel()
			return
		}
		logger.Info("window close refused", "signing", s.Signing())
	})
	// The driver's Quit, not the app's: App.Quit closes the window first, and a pointer
	// event that reaches a closing window before the loop ends crashes Fyne 2.7.1
	// (window.processMouseMoved on a nil view); the loop's end destroys the window anyway.
	stop := stopper{post: fyne.Do, wait: k.workers.Wait, quit: a.Driver().Quit, grace: quitGrace, logger: logger,
		stopping: []func(){func() { k.shell.Load().Stopping() }}}
	if fyneStop != nil {
		stop.stopping = append(stop.stopping, fyneStop)
	}
	go stop.run(ctx)
	logger.Info("started", "version", buildinfo.Version(), "data_dir", dataDir, "demo", o.demo, "profile", cfg.Profile)
	w.ShowAndRun()
	if k.restart.Load() {
		return errRestart
	}
	return nil
}

// wire opens the store and builds what depends on it: identity, login, camera, pen, sync
// worker. The store is closed last at shutdown.
func (k *kiosk) wire(ctx context.Context, deps *ui.Deps, dataDir string, onEvent func(ksync.Event)) (*store.DB, error) {
	cfg := deps.Config
	db, err := openStore(ctx, dataDir, cfg, k.logger, k.passphrase)
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
	deps.Admin, deps.Audit = deps.Login, db
	if deps.Terms, err = terms(cfg); err != nil {
		return nil, err
	}
	if err := evidenceSigning(ctx, deps, db); err != nil {
		return nil, err
	}
	cam := &lazyCamera{cfg: cfg.Camera, logger: k.logger}
	if cfg.Camera.Source == k.demoCard { // a camera chosen in Settings since shows itself
		cam.faceSource = k.demoFace
	}
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

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/assets"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/ui"
)

// statusInterval is how often the status bar probes the backend and the queue.
const statusInterval = 10 * time.Second

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
	var workers sync.WaitGroup
	var closers []func() error
	defer func() {
		cancel()
		workers.Wait()
		for i := len(closers) - 1; i >= 0; i-- {
			if err := closers[i](); err != nil {
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
		closers = append(closers, d.Close)
		cfg = d.apply(cfg)
	}

	if err := ui.LoadTranslations(cfg.Language); err != nil {
		logger.Warn("translations", "err", err)
	}
	a := app.NewWithID(buildinfo.AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(ui.NewTheme())

	monitor := status.NewMonitor(prober(cfg), nil, statusInterval, logger)
	workers.Add(1)
	go func() { defer workers.Done(); monitor.Run(ctx) }()

	w := a.NewWindow(lang.L("Enrol Kiosk"))
	shell := ui.NewShell(ui.Deps{
		Config: cfg, ConfigErr: cfgErr, ConfigPath: cfgPath, DataDir: dataDir, Demo: o.demo, Monitor: monitor,
		Reload: func() (config.Config, error) { return config.Load(cfgPath) },
	})
	w.SetContent(shell.Object())
	w.Resize(fyne.NewSize(1100, 720))
	w.SetMaster()
	if o.fullscreen || cfg.Kiosk.Fullscreen {
		w.SetFullScreen(true)
	}
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	logger.Info("started", "version", buildinfo.Version(), "data_dir", dataDir, "demo", o.demo, "profile", cfg.Profile)
	w.ShowAndRun()
	return nil
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

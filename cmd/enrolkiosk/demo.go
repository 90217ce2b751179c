package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

// demo is the in-process sandbox backend that demo mode talks to.
type demo struct {
	srv  *sandbox.Server
	http *http.Server
	url  string
}

// startDemo serves a sandbox backend on a free loopback port, keeping its data under the
// data dir so demo enrolments survive a restart.
func startDemo(ctx context.Context, dataDir string, logger *slog.Logger) (*demo, error) {
	srv, err := sandbox.New(ctx, sandbox.Options{DataDir: filepath.Join(dataDir, "sandbox")})
	if err != nil {
		return nil, fmt.Errorf("demo backend: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("demo backend: listen on loopback: %w", err)
	}
	d := &demo{srv: srv, url: "http://" + ln.Addr().String()}
	d.http = &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := d.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("demo backend stopped", "err", err)
		}
	}()
	logger.Info("demo backend listening", "url", d.url)
	return d, nil
}

// apply points every backend URL at the demo server and uses the test camera.
func (d *demo) apply(cfg config.Config) config.Config {
	cfg.Backend.OneShotURL = d.url
	cfg.Backend.SignalURL = d.url
	cfg.Backend.PeopleURL = d.url
	cfg.Backend.BiometricURL = d.url
	if cfg.Camera.Source == "auto" {
		cfg.Camera.Source = "videotest"
	}
	return cfg
}

// Close stops the HTTP server and the sandbox.
func (d *demo) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return errors.Join(d.http.Shutdown(ctx), d.srv.Close())
}

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/democamera"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/durable"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

// demo is the in-process sandbox backend that demo mode talks to.
type demo struct {
	srv  *sandbox.Server
	http *http.Server
	url  string
	dir  string // the data dir: the demo camera's pictures are written there
	// face is the camera source the selfie step sees in demo mode (the face scene's
	// frames), set by apply when it chose the demo camera; empty otherwise.
	face string
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
	d := &demo{srv: srv, url: "http://" + ln.Addr().String(), dir: dataDir}
	d.http = &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := d.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("demo backend stopped", "err", err)
		}
	}()
	logger.Info("demo backend listening", "url", d.url)
	return d, nil
}

// demoSecrets are the sandbox's demo credentials, handed to the configuration through
// environment references (the configuration never holds secret values).
var demoSecrets = map[string]string{
	"ENROLKIOSK_DEMO_USERNAME": sandbox.DemoUsers[0].Username, "ENROLKIOSK_DEMO_PASSWORD": sandbox.DemoUsers[0].Password,
	"ENROLKIOSK_DEMO_PIN": sandbox.DemoUsers[0].PIN, "ENROLKIOSK_DEMO_API_KEY": sandbox.DemoAPIKey,
	"ENROLKIOSK_DEMO_BILLING_USERNAME": sandbox.DemoBillingUsername, "ENROLKIOSK_DEMO_BILLING_PASSWORD": sandbox.DemoBillingPassword,
}

// apply points every backend URL at the demo server, uses the sandbox's demo credentials
// and registration authority, and, when no camera is chosen, the demo camera: the card's
// picture for the document steps (the videotest pattern if it cannot be written) and the
// face scene's frames for the selfie step (d.face).
func (d *demo) apply(cfg config.Config) config.Config {
	for k, v := range demoSecrets {
		os.Setenv(k, v)
	}
	be := &cfg.Backend
	be.OneShotURL, be.SignalURL, be.PeopleURL = d.url+sandbox.OneShotBase, d.url+sandbox.SignalBase, d.url+sandbox.PeopleBase
	be.BiometricURL, be.AuthURL = d.url+sandbox.BiometricBase, d.url+sandbox.AuthBase
	be.Username, be.Password = config.SecretRef{Env: "ENROLKIOSK_DEMO_USERNAME"}, config.SecretRef{Env: "ENROLKIOSK_DEMO_PASSWORD"}
	be.PIN, be.APIKey = config.SecretRef{Env: "ENROLKIOSK_DEMO_PIN"}, config.SecretRef{Env: "ENROLKIOSK_DEMO_API_KEY"}
	be.BillingUsername = config.SecretRef{Env: "ENROLKIOSK_DEMO_BILLING_USERNAME"}
	be.BillingPassword = config.SecretRef{Env: "ENROLKIOSK_DEMO_BILLING_PASSWORD"}
	if be.RegistrationAuthority == "" {
		be.RegistrationAuthority = sandbox.DemoRegistrationAuthority
	}
	if be.CertProfile == "" {
		be.CertProfile = "PFnubeQAFCiudadano"
	}
	if be.OrgID == "" {
		be.OrgID = "demo-org"
	}
	if cfg.Camera.Source == "auto" {
		cfg.Camera.Source = "videotest"
		if path, err := d.cameraPicture(); err == nil {
			cfg.Camera.Source = "file:" + path
		}
		if dir, err := d.faceFrames(); err == nil {
			d.face = "file:" + dir
		}
	}
	return cfg
}

// cameraPicture writes the demo camera's picture (capture/democamera: a synthetic ID card
// with a drawn portrait, which passes the quality checks) into the data dir and returns
// its path; the file camera shows it.
func (d *demo) cameraPicture() (string, error) {
	b, err := democamera.JPEG()
	if err != nil {
		return "", err
	}
	path := filepath.Join(d.dir, "demo-camera.jpg")
	if err := durable.WriteFile(path, b, 0o600); err != nil {
		return "", fmt.Errorf("write the demo camera's picture: %w", err)
	}
	return path, nil
}

// faceFrames writes the face scene's frames (capture/democamera: a drawn person in front of
// a webcam, swaying and blinking) into a folder of the data dir and returns its path; the
// file camera plays them in a loop.
func (d *demo) faceFrames() (string, error) {
	frames, err := democamera.FaceJPEGs()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(d.dir, "demo-face")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("make the folder of the demo camera's face: %w", err)
	}
	for i, b := range frames {
		if err := durable.WriteFile(filepath.Join(dir, fmt.Sprintf("face-%02d.jpg", i)), b, 0o600); err != nil {
			return "", fmt.Errorf("write the demo camera's face: %w", err)
		}
	}
	return dir, nil
}

// Close stops the HTTP server and the sandbox.
func (d *demo) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return errors.Join(d.http.Shutdown(ctx), d.srv.Close())
}

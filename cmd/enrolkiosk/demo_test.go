package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/config"
)

// TestDemoURLsReachEachAPI starts demo mode's sandbox and checks that every profile's
// configured URL leads to that API (an answer other than 404 on a path the API serves),
// so demo mode works whichever profile the configuration names.
func TestDemoURLsReachEachAPI(t *testing.T) {
	ctx := context.Background()
	d, err := startDemo(ctx, t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	be := d.apply(config.Default()).Backend
	for name, probe := range map[string]struct{ method, url string }{
		"oneshot":   {http.MethodGet, be.OneShotURL + "/api/v1/hello"},
		"signal":    {http.MethodPost, be.SignalURL + "/auth/login"},
		"people":    {http.MethodPost, be.PeopleURL + "/persons"},
		"biometric": {http.MethodPost, be.BiometricURL + "/v1/orgs/demo-org/biometric_signs/00000000-0000-4000-8000-000000000000"},
		"auth":      {http.MethodPost, be.OperatorAuthURL("signal") + "/v1/auth/login"},
	} {
		req, _ := http.NewRequestWithContext(ctx, probe.method, probe.url, strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			t.Errorf("%s: %s %s answered 404: the demo URL does not lead to the API", name, probe.method, probe.url)
		}
	}
}

// TestDemoCameraShowsTheDemoCard: with no camera chosen, demo mode's camera is the file
// camera on the demo card's picture, which the document steps accept as it is.
func TestDemoCameraShowsTheDemoCard(t *testing.T) {
	dir := t.TempDir()
	d, err := startDemo(context.Background(), dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cfg := d.apply(config.Default())
	want := "file:" + filepath.Join(dir, "demo-camera.jpg")
	if cfg.Camera.Source != want {
		t.Fatalf("demo camera source %q, want %q", cfg.Camera.Source, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "demo-camera.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := document.Process(context.Background(), bytes.NewReader(b), document.DefaultOptions())
	if err != nil || !res.OK {
		t.Fatalf("the demo picture: %v, quality %+v", err, res.Measures)
	}
	custom := config.Default()
	custom.Camera.Source = "videotest"
	if got := d.apply(custom).Camera.Source; got != "videotest" {
		t.Errorf("a chosen camera was replaced by %q", got)
	}
}

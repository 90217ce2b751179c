package main

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

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

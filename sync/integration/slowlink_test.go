package integration

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// Bounds of TestSlowLinkDrainReusesConnections: what keeps a drain over a slow link near
// the time the raw bytes take (BenchmarkDrainOverSlowLink).
const (
	// slowLinkRequests is the most API requests one enrolment may cost: create,
	// evidences, video, approve, a status poll, the biometric sign, and a share of the
	// logins. Each is at least a round trip.
	slowLinkRequests = 7.5
	// slowLinkClients is how many connection pools the worker has towards the sandbox:
	// One-Shot's client and the biometric step's (two hosts in production).
	slowLinkClients = 2
)

// TestSlowLinkDrainReusesConnections drains 3 x agent.Concurrency enrolments (the sync
// fixtures) with the app's worker (agent.New) through the emulated 10 Mbit/s, 100 ms
// link of the benchmark. All are confirmed, each step once; each of the worker's
// clients opens no more connections than enrolments are delivered at once, since each
// new one costs a round trip (and a TLS handshake); and each enrolment costs at most
// slowLinkRequests requests. It counts,
// it does not time: a loaded machine cannot fail it, a worker that reconnects per
// request or adds a round trip per step does.
func TestSlowLinkDrainReusesConnections(t *testing.T) {
	n := 3 * agent.Concurrency
	db := storetest.Open(t)
	for i := range n {
		sandboxtest.Seal(t, db, oneshot.Name, i)
	}
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{})
	sh := newShaper(t, strings.TrimPrefix(url, "http://"), linkBPS, linkRTT)
	for k, v := range map[string]string{"EKL_USER": "9001800", "EKL_PASS": "Gy6F89xK", "EKL_PIN": "p1n",
		"EKL_BILL_USER": sandbox.DemoBillingUsername, "EKL_BILL_PASS": sandbox.DemoBillingPassword, "EKL_KEY": sandbox.DemoAPIKey} {
		t.Setenv(k, v)
	}
	cfg := config.Default()
	cfg.Profile = "oneshot"
	be := &cfg.Backend
	be.OneShotURL, be.BiometricURL, be.OrgID = sh.url(), sh.url(), "acme"
	be.RegistrationAuthority, be.CertProfile = sandbox.DemoRegistrationAuthority, "PFnubeQAFCiudadano"
	be.Username, be.Password, be.PIN = config.SecretRef{Env: "EKL_USER"}, config.SecretRef{Env: "EKL_PASS"}, config.SecretRef{Env: "EKL_PIN"}
	be.BillingUsername, be.BillingPassword = config.SecretRef{Env: "EKL_BILL_USER"}, config.SecretRef{Env: "EKL_BILL_PASS"}
	be.APIKey = config.SecretRef{Env: "EKL_KEY"}
	w, err := agent.New(context.Background(), agent.Options{Config: cfg, Store: db,
		Device: sandboxtest.Device{ID: "inst-link", FP: "fp-link", Loc: "40.416775,-3.703790"}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sum := drain(t, w, 2*time.Minute)
	took := time.Since(start)
	if sum.Confirmed != n {
		t.Fatalf("drained %+v, want %d confirmed", sum, n)
	}
	checkSandbox(t, srv, n)
	rec := sandboxtest.Received(t, srv)
	var calls int
	var routes []string
	for route, c := range rec.Calls {
		if !strings.Contains(route, "/_sandbox/") {
			calls += c.Total
			routes = append(routes, fmt.Sprintf("%s: %d", route, c.Total))
		}
	}
	sort.Strings(routes)
	t.Logf("%d enrolments in %v: %d requests over %d connections, %.2f MB up\n%s", n, took.Round(time.Millisecond), calls,
		sh.conns.Load(), float64(sh.up.bytes.Load())/1e6, strings.Join(routes, "\n"))
	if conns, most := sh.conns.Load(), int64(slowLinkClients*agent.Concurrency); conns > most {
		t.Errorf("%d connections for %d enrolments, %d at once: want at most %d, %d per client (each new connection costs a round trip)",
			conns, n, agent.Concurrency, most, agent.Concurrency)
	}
	if per := float64(calls) / float64(n); per > slowLinkRequests {
		t.Errorf("%.2f requests per enrolment, want at most %.1f (each is a round trip at least)", per, slowLinkRequests)
	}
}

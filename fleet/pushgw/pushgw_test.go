package pushgw_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/fleet/fleettest"
	"github.com/enrolkiosk/enrolkiosk/fleet/pushgw"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// startPushgateway runs Debian's prometheus-pushgateway on a free loopback port with its
// own storage file, stopped when the test ends.
func startPushgateway(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("prometheus-pushgateway")
	if err != nil {
		t.Skip("prometheus-pushgateway not installed (make deps)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "--web.listen-address="+addr,
		"--persistence.file="+filepath.Join(t.TempDir(), "pushgateway.data"), "--log.level=warn")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("pushgateway output:\n%s", logs.String())
		}
	})
	url := "http://" + addr
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(url + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("pushgateway at %s not ready: %v\n%s", url, err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func scrape(t *testing.T, url string) (string, map[string]*dto.MetricFamily) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse %s: %v", url, err)
	}
	return string(b), fams
}

// value returns the value of the series name whose labels include want.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	t.Helper()
	f, ok := fams[name]
	if !ok {
		t.Fatalf("series %s missing", name)
	}
next:
	for _, m := range f.Metric {
		got := map[string]string{}
		for _, l := range m.Label {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		switch {
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Untyped != nil:
			return m.Untyped.GetValue()
		}
	}
	t.Fatalf("series %s%v missing", name, want)
	return 0
}

// TestPushgatewayReportsTheStore seals and delivers enrolments, pushes the health to a
// real Pushgateway and reads the series back from its /metrics: they match the store, and
// no personal data appears anywhere in what was pushed.
func TestPushgatewayReportsTheStore(t *testing.T) {
	url := startPushgateway(t)
	db := fleettest.Store(t, 3, 2)
	failures := &fleet.Failures{}
	c := fleet.NewCollector(fleet.CollectorOptions{Store: db, DataDir: db.Dir(), FreeBytes: func(string) (uint64, error) { return 123 << 20, nil },
		Keys: fleet.ConfigKeys{}, Labels: fleet.Labels{InstallationID: "inst-7f3a", Branch: "QUITO-01"},
		Info:   fleet.Info{Version: "1.2.3", Profile: "oneshot", Pen: "stu-540", Camera: "HD Webcam C615"},
		Policy: fleet.Policy{FreezeAfter: 7 * 24 * time.Hour, MaxPending: 500, WarnRatio: 0.8}, Failures: failures})
	p := fleet.NewPusher(fleet.PusherOptions{Collector: c, Targets: []fleet.Target{{Name: "pushgateway", Exporter: pushgw.New(url, nil)}}, Interval: time.Hour})
	h := p.Push(context.Background())
	if got := p.Latest(); got.At != h.At {
		t.Fatal("Latest is not the pushed health")
	}

	body, fams := scrape(t, url+"/metrics")
	group := map[string]string{"job": pushgw.Job, "installation_id": "inst-7f3a", "branch": "QUITO-01"}
	counts := db.Counts()
	if counts[store.Confirmed]+counts[store.Delivered] != 3 || counts[store.Queued] != 2 {
		t.Fatalf("the fixture did not deliver 3 and queue 2: %v", counts)
	}
	for _, s := range store.States {
		want := map[string]string{"state": string(s)}
		for k, v := range group {
			want[k] = v
		}
		if got := value(t, fams, fleet.MetricQueue, want); got != float64(counts[s]) {
			t.Errorf("queue %s = %v, the store has %d", s, got, counts[s])
		}
	}
	entries, err := db.List(context.Background(), store.Filter{States: []store.State{store.Queued}})
	if err != nil {
		t.Fatal(err)
	}
	oldest := entries[0].Sealed
	for _, e := range entries {
		if e.Sealed.Before(oldest) {
			oldest = e.Sealed
		}
	}
	if got, want := value(t, fams, fleet.MetricOldestPending, group), h.At.Sub(oldest).Seconds(); got != want {
		t.Errorf("oldest pending age = %v, want %v", got, want)
	}
	var lastDelivered time.Time
	if err := db.Audit(context.Background(), 1, func(e store.AuditEntry) error {
		if e.Event == store.EventDelivered || e.Event == store.EventConfirmed {
			lastDelivered = e.Time
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := value(t, fams, fleet.MetricLastDelivery, group); lastDelivered.IsZero() || got != float64(lastDelivered.UnixMilli())/1000 {
		t.Errorf("last delivery = %v, the audit log says %v", got, lastDelivered)
	}
	if got := value(t, fams, fleet.MetricFreeDisk, group); got != 123<<20 {
		t.Errorf("free disk = %v", got)
	}
	if got := value(t, fams, fleet.MetricKeyProtection, map[string]string{"method": fleet.KeyFile}); got != 1 {
		t.Errorf("key protection = %v", got)
	}
	if got := value(t, fams, fleet.MetricInfo, map[string]string{"version": "1.2.3", "pen": "stu-540", "camera": "HD Webcam C615"}); got != 1 {
		t.Errorf("info = %v", got)
	}
	for _, class := range fleet.FailureClasses {
		if got := value(t, fams, fleet.MetricFailures, map[string]string{"class": string(class)}); got != 0 {
			t.Errorf("failures %s = %v on a clean delivery", class, got)
		}
	}
	for n := 1; n <= 5; n++ {
		for _, p := range fleettest.Personal(n) {
			if strings.Contains(body, p) {
				t.Errorf("the pushed metrics contain personal data %q", p)
			}
		}
	}
	for _, e := range append(entries, mustList(t, db)...) {
		if strings.Contains(body, e.ID) || strings.Contains(body, e.ShortID()) {
			t.Errorf("the pushed metrics name enrolment %s", e.ShortID())
		}
	}
}

func mustList(t *testing.T, db *store.DB) []store.Entry {
	t.Helper()
	all, err := db.List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestUnreachableGatewayCostsACounter pushes to a closed port and to a gateway that
// hangs: each costs one count of the exporter's failure counter, reported at the next
// push, and the push returns within its timeout.
func TestUnreachableGatewayCostsACounter(t *testing.T) {
	stop := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-stop }))
	defer hang.Close()
	defer close(stop)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String()
	ln.Close()

	exports := &fleet.Counter{}
	c := fleet.NewCollector(fleet.CollectorOptions{Labels: fleet.Labels{InstallationID: "i", Branch: "b"}, Exports: exports})
	p := fleet.NewPusher(fleet.PusherOptions{Collector: c, Exports: exports, Interval: time.Hour, Timeout: 200 * time.Millisecond,
		Targets: []fleet.Target{{Name: "closed", Exporter: pushgw.New(closed, nil)}, {Name: "hung", Exporter: pushgw.New(hang.URL, nil)}}})
	start := time.Now()
	p.Push(context.Background())
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a hung gateway held the push for %v", d)
	}
	h := p.Push(context.Background())
	if h.ExportFailures["closed"] != 1 || h.ExportFailures["hung"] != 1 {
		t.Fatalf("export failures = %v, want one each", h.ExportFailures)
	}
	found := 0
	for _, s := range h.Series() {
		if s.Name == fleet.MetricExportFailures && s.Value == 1 {
			found++
		}
	}
	if found != 2 {
		t.Errorf("export failure series: %d of 2", found)
	}
}

// TestHandlerServesTheSameSeries scrapes the loopback handler: every series carries the
// identity labels.
func TestHandlerServesTheSameSeries(t *testing.T) {
	h := fleet.Health{At: time.Now(), Labels: fleet.Labels{InstallationID: "inst-1", Branch: "B-2"}, Queue: map[store.State]int{store.Queued: 4}}
	srv := httptest.NewServer(pushgw.Handler(func() fleet.Health { return h }))
	defer srv.Close()
	_, fams := scrape(t, srv.URL)
	if got := value(t, fams, fleet.MetricQueue, map[string]string{"state": "queued", "installation_id": "inst-1", "branch": "B-2"}); got != 4 {
		t.Fatalf("queued = %v", got)
	}
	if len(fams) != len(fleet.Descriptions())-3 { // no free disk, key protection nor export failures in this health
		names := []string{}
		for n := range fams {
			names = append(names, n)
		}
		t.Errorf("families = %v", fmt.Sprint(names))
	}
}

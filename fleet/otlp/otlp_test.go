package otlp_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	collectorpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	"google.golang.org/protobuf/proto"

	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/fleet/fleettest"
	"github.com/enrolkiosk/enrolkiosk/fleet/otlp"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// receiver is an OTLP/HTTP metrics receiver: it keeps every request it was sent.
type receiver struct {
	mu   sync.Mutex
	reqs []*collectorpb.ExportMetricsServiceRequest
	raw  []byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/metrics" || r.Header.Get("Content-Type") != "application/x-protobuf" {
		http.Error(w, "not an OTLP/HTTP protobuf metrics request", http.StatusNotFound)
		return
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req collectorpb.ExportMetricsServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	rc.reqs, rc.raw = append(rc.reqs, &req), append(rc.raw, b...)
	rc.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	out, _ := proto.Marshal(&collectorpb.ExportMetricsServiceResponse{})
	w.Write(out)
}

// key renders a series as name{label=value,...} with sorted labels.
func key(name string, labels map[string]string) string {
	var parts []string
	for k, v := range labels {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return name + "{" + strings.Join(parts, ",") + "}"
}

// received flattens the last request into series keys and values, and returns the
// resource attributes.
func (rc *receiver) received(t *testing.T) (map[string]float64, map[string]string, map[string]bool) {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.reqs) == 0 {
		t.Fatal("the receiver got nothing")
	}
	req := rc.reqs[len(rc.reqs)-1]
	series, res, monotonic := map[string]float64{}, map[string]string{}, map[string]bool{}
	for _, rm := range req.ResourceMetrics {
		for _, a := range rm.Resource.Attributes {
			res[a.Key] = a.Value.GetStringValue()
		}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				var points []*metricspb.NumberDataPoint
				switch d := m.Data.(type) {
				case *metricspb.Metric_Gauge:
					points = d.Gauge.DataPoints
				case *metricspb.Metric_Sum:
					points = d.Sum.DataPoints
					monotonic[m.Name] = d.Sum.IsMonotonic
				}
				for _, p := range points {
					labels := map[string]string{}
					for _, a := range p.Attributes {
						labels[a.Key] = a.Value.GetStringValue()
					}
					series[key(m.Name, labels)] = p.GetAsDouble()
				}
			}
		}
	}
	return series, res, monotonic
}

// TestOTLPReportsTheSameSeries seals and delivers enrolments and exports the health to
// an OTLP receiver inside the test: it gets exactly the series the health reports (the
// Pushgateway's), with the identity on every point, and no personal data.
func TestOTLPReportsTheSameSeries(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	db := fleettest.Store(t, 2, 1)
	labels := fleet.Labels{InstallationID: "inst-9c1d", Branch: "GYE-02"}
	c := fleet.NewCollector(fleet.CollectorOptions{Store: db, DataDir: db.Dir(), FreeBytes: func(string) (uint64, error) { return 5 << 30, nil },
		Keys: fleet.ConfigKeys{}, Labels: labels, Info: fleet.Info{Version: "1.2.3", Profile: "oneshot", Pen: "pointer", Camera: "videotest"}})
	ctx := context.Background()
	exp, err := otlp.New(ctx, srv.URL, labels, "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Close(ctx)
	h, err := c.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := exp.Export(ctx, h); err != nil {
		t.Fatal(err)
	}
	got, res, monotonic := rc.received(t)
	want := map[string]float64{}
	for _, s := range h.Series() {
		l := map[string]string{"installation_id": labels.InstallationID, "branch": labels.Branch}
		for _, x := range s.Labels {
			l[x.Name] = x.Value
		}
		want[key(s.Name, l)] = s.Value
		if s.Kind == fleet.KindCounter && !monotonic[s.Name] {
			t.Errorf("%s is not a monotonic sum", s.Name)
		}
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (sent: %v), want %v", k, g, ok, v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected series %s", k)
		}
	}
	counts := db.Counts()
	if q := got[key(fleet.MetricQueue, map[string]string{"installation_id": "inst-9c1d", "branch": "GYE-02", "state": "queued"})]; q != 1 || counts[store.Queued] != 1 {
		t.Errorf("queued: reported %v, store %d", q, counts[store.Queued])
	}
	if res["service.name"] != "enrolkiosk" || res["service.version"] != "1.2.3" || res["service.instance.id"] != "inst-9c1d" {
		t.Errorf("resource = %v", res)
	}
	for n := 1; n <= 3; n++ {
		for _, p := range fleettest.Personal(n) {
			if strings.Contains(string(rc.raw), p) {
				t.Errorf("the OTLP request contains personal data %q", p)
			}
		}
	}
}

// TestUnreachableCollectorFailsFast exports to a closed port: an error, quickly, that
// the pusher turns into a counter.
func TestUnreachableCollectorFailsFast(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	url := "http://" + ln.Addr().String()
	ln.Close()
	ctx := context.Background()
	exp, err := otlp.New(ctx, url, fleet.Labels{InstallationID: "i"}, "v")
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Close(ctx)
	exports := &fleet.Counter{}
	c := fleet.NewCollector(fleet.CollectorOptions{Exports: exports})
	p := fleet.NewPusher(fleet.PusherOptions{Collector: c, Exports: exports, Timeout: 2 * time.Second, Targets: []fleet.Target{{Name: "otlp", Exporter: exp}}})
	start := time.Now()
	p.Push(ctx)
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("push took %v", d)
	}
	if n := exports.Snapshot()["otlp"]; n != 1 {
		t.Fatalf("otlp failures = %d, want 1", n)
	}
}

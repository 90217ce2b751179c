// Package pushgw pushes a kiosk's health to a Prometheus Pushgateway, for sites without
// an OpenTelemetry collector, and serves the same series in Prometheus's text format on a
// loopback address for local scraping. Every push replaces the kiosk's group, keyed by
// job "enrolkiosk", installation_id and branch.
package pushgw

import (
	"context"
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/push"

	"github.com/enrolkiosk/enrolkiosk/fleet"
)

// Job is the Pushgateway job every kiosk pushes under.
const Job = "enrolkiosk"

// Exporter pushes to one Pushgateway.
type Exporter struct {
	url    string
	client *http.Client
}

var _ fleet.Exporter = (*Exporter)(nil)

// New returns an exporter to the Pushgateway at url; client nil uses a plain
// http.Client (the pusher bounds each push with its context).
func New(url string, client *http.Client) *Exporter {
	if client == nil {
		client = &http.Client{}
	}
	return &Exporter{url: url, client: client}
}

// Export implements fleet.Exporter: it replaces the kiosk's group with h's series.
func (e *Exporter) Export(ctx context.Context, h fleet.Health) error {
	reg := prometheus.NewRegistry()
	if err := reg.Register(collector{latest: func() fleet.Health { return h }}); err != nil {
		return fmt.Errorf("pushgateway: %w", err)
	}
	p := push.New(e.url, Job).Client(e.client).Gatherer(reg)
	for _, l := range h.Labels.Identity() {
		p = p.Grouping(l.Name, l.Value)
	}
	if err := p.PushContext(ctx); err != nil {
		return fmt.Errorf("pushgateway %s: %w", e.url, err)
	}
	return nil
}

// Handler serves latest's series in Prometheus's text format, with the identity labels
// on every series (there is no grouping key to carry them).
func Handler(latest func() fleet.Health) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{latest: latest, identity: true})
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// collector turns a Health into constant Prometheus metrics. It describes nothing up
// front (an unchecked collector): the label sets follow the Health.
type collector struct {
	latest   func() fleet.Health
	identity bool
}

func (collector) Describe(chan<- *prometheus.Desc) {}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	h := c.latest()
	if h.At.IsZero() {
		return // nothing collected yet
	}
	for _, s := range h.Series() {
		labels := s.Labels
		if c.identity {
			labels = append(h.Labels.Identity(), labels...)
		}
		names, values := make([]string, len(labels)), make([]string, len(labels))
		for i, l := range labels {
			names[i], values[i] = l.Name, l.Value
		}
		kind := prometheus.GaugeValue
		if s.Kind == fleet.KindCounter {
			kind = prometheus.CounterValue
		}
		m, err := prometheus.NewConstMetric(prometheus.NewDesc(s.Name, s.Help, names, nil), kind, s.Value, values...)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(prometheus.NewDesc(s.Name, s.Help, nil, nil), err)
			continue
		}
		ch <- m
	}
}

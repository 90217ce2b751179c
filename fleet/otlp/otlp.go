// Package otlp pushes a kiosk's health to an OpenTelemetry collector with OTLP over HTTP
// (go.opentelemetry.io/otel's metric SDK and otlpmetrichttp exporter). The series are the
// ones fleet.Health.Series reports, with the installation_id and branch attributes on
// every point; the resource names the service, its version and the installation.
package otlp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/enrolkiosk/enrolkiosk/fleet"
)

// Exporter pushes to one collector. Each Export collects the instruments once, from the
// Health it is given, and sends the result; there is no background export.
type Exporter struct {
	reader   *sdkmetric.ManualReader
	provider *sdkmetric.MeterProvider
	exp      sdkmetric.Exporter

	mu  sync.Mutex // one Export at a time; guards cur
	cur fleet.Health
}

var _ fleet.Exporter = (*Exporter)(nil)

// New returns an exporter to the collector at base (its /v1/metrics is posted to). It
// does not retry: the next push is the retry, and a failure is the pusher's counter.
func New(ctx context.Context, base string, labels fleet.Labels, version string) (*Exporter, error) {
	exp, err := otlpmetrichttp.New(ctx,
		otlpmetrichttp.WithEndpointURL(strings.TrimSuffix(base, "/")+"/v1/metrics"),
		otlpmetrichttp.WithRetry(otlpmetrichttp.RetryConfig{Enabled: false}),
		otlpmetrichttp.WithTimeout(30*time.Second))
	if err != nil {
		return nil, fmt.Errorf("otlp collector %s: %w", base, err)
	}
	res := resource.NewSchemaless(attribute.String("service.name", "enrolkiosk"),
		attribute.String("service.version", version), attribute.String("service.instance.id", labels.InstallationID))
	e := &Exporter{reader: sdkmetric.NewManualReader(), exp: exp}
	e.provider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(e.reader), sdkmetric.WithResource(res))
	if err := e.instruments(); err != nil {
		return nil, errors.Join(err, e.provider.Shutdown(ctx), exp.Shutdown(ctx))
	}
	return e, nil
}

// instruments declares one observable instrument per series name, observed from cur.
func (e *Exporter) instruments() error {
	meter := e.provider.Meter("github.com/enrolkiosk/enrolkiosk/fleet")
	byName := map[string]metric.Float64Observable{}
	var all []metric.Observable
	for _, d := range fleet.Descriptions() {
		var inst metric.Float64Observable
		var err error
		if d.Kind == fleet.KindCounter {
			inst, err = meter.Float64ObservableCounter(d.Name, metric.WithDescription(d.Help))
		} else {
			inst, err = meter.Float64ObservableGauge(d.Name, metric.WithDescription(d.Help))
		}
		if err != nil {
			return fmt.Errorf("otlp instrument %s: %w", d.Name, err)
		}
		byName[d.Name] = inst
		all = append(all, inst)
	}
	_, err := meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		h := e.cur
		for _, s := range h.Series() {
			attrs := make([]attribute.KeyValue, 0, len(s.Labels)+2)
			for _, l := range append(h.Labels.Identity(), s.Labels...) {
				attrs = append(attrs, attribute.String(l.Name, l.Value))
			}
			o.ObserveFloat64(byName[s.Name], s.Value, metric.WithAttributes(attrs...))
		}
		return nil
	}, all...)
	return err
}

// Export implements fleet.Exporter.
func (e *Exporter) Export(ctx context.Context, h fleet.Health) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cur = h
	var rm metricdata.ResourceMetrics
	if err := e.reader.Collect(ctx, &rm); err != nil {
		return fmt.Errorf("otlp collect: %w", err)
	}
	if err := e.exp.Export(ctx, &rm); err != nil {
		return fmt.Errorf("otlp export: %w", err)
	}
	return nil
}

// Close flushes nothing (every Export is synchronous) and releases the exporter.
func (e *Exporter) Close(ctx context.Context) error {
	return errors.Join(e.provider.Shutdown(ctx), e.exp.Shutdown(ctx))
}

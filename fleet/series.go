package fleet

import (
	"maps"
	"slices"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// Kind says whether a series is a gauge (a value now) or a counter (a total that only
// grows while the app runs).
type Kind int

// Series kinds.
const (
	KindGauge Kind = iota
	KindCounter
)

// Label is one name and value of a series.
type Label struct{ Name, Value string }

// Series is one value of the report, the same for every exporter: OTLP, the Pushgateway
// and the loopback /metrics show the same names, labels and values.
type Series struct {
	Name   string
	Help   string
	Kind   Kind
	Labels []Label
	Value  float64
}

// Series names. Every series also carries the installation_id and branch labels.
const (
	MetricQueue          = "enrolkiosk_queue_enrolments"
	MetricUnreadable     = "enrolkiosk_queue_unreadable_enrolments"
	MetricOldestPending  = "enrolkiosk_oldest_pending_age_seconds"
	MetricLastDelivery   = "enrolkiosk_last_delivery_timestamp_seconds"
	MetricFailures       = "enrolkiosk_delivery_failures_total"
	MetricFreeDisk       = "enrolkiosk_disk_free_bytes"
	MetricKeyProtection  = "enrolkiosk_key_protection"
	MetricInfo           = "enrolkiosk_info"
	MetricFreeze         = "enrolkiosk_freeze_level"
	MetricExportFailures = "enrolkiosk_export_failures_total"
	MetricConfigFailures = "enrolkiosk_remote_config_failures_total"
	MetricConfigApplied  = "enrolkiosk_remote_config_applied_total"
	MetricCollected      = "enrolkiosk_collected_timestamp_seconds"
)

// Series flattens h into the reported series, in a stable order.
func (h Health) Series() []Series {
	var out []Series
	add := func(name, help string, kind Kind, v float64, labels ...Label) {
		out = append(out, Series{Name: name, Help: help, Kind: kind, Labels: labels, Value: v})
	}
	for _, s := range store.States {
		add(MetricQueue, "Enrolments in the local queue by outbox state.", KindGauge, float64(h.Queue[s]), Label{"state", string(s)})
	}
	add(MetricUnreadable, "Queue entries that cannot be read (state unknown).", KindGauge, float64(h.Unreadable))
	add(MetricOldestPending, "Age of the oldest enrolment still to be delivered (0: none).", KindGauge, h.OldestPendingAge().Seconds())
	add(MetricLastDelivery, "Unix time of the last successful delivery (0: never).", KindGauge, unix(h.LastDelivery))
	for _, c := range FailureClasses {
		add(MetricFailures, "Delivery failures by class since the app started.", KindCounter, float64(h.Failures[c]), Label{"class", string(c)})
	}
	if h.FreeKnown {
		add(MetricFreeDisk, "Free space of the data directory's file system.", KindGauge, float64(h.FreeBytes))
	}
	if h.KeyProtection != "" {
		add(MetricKeyProtection, "How the device key is protected (tpm, passphrase or file).", KindGauge, 1, Label{"method", h.KeyProtection})
	}
	add(MetricInfo, "The installation: app version, backend profile, pen and camera model.", KindGauge, 1,
		Label{"version", h.Info.Version}, Label{"profile", h.Info.Profile}, Label{"pen", h.Info.Pen}, Label{"camera", h.Info.Camera})
	add(MetricFreeze, "Freeze rules: 0 enrolling, 1 warning, 2 new enrolments refused.", KindGauge, float64(h.Freeze.Level))
	for _, name := range slices.Sorted(maps.Keys(h.ExportFailures)) {
		add(MetricExportFailures, "Metric pushes that failed, by exporter, since the app started.", KindCounter, float64(h.ExportFailures[name]), Label{"exporter", name})
	}
	for _, reason := range ConfigFailureReasons {
		add(MetricConfigFailures, "Remote configurations refused or not fetched, by reason.", KindCounter, float64(h.ConfigFailures[reason]), Label{"reason", reason})
	}
	add(MetricConfigApplied, "Remote configurations applied since the app started.", KindCounter, float64(h.ConfigApplied))
	add(MetricCollected, "Unix time this report was collected (the heartbeat).", KindGauge, unix(h.At))
	return out
}

func unix(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli()) / 1000
}

// Descriptions lists every series name once, with its help and kind, in report order:
// what an exporter declares before it has a Health.
func Descriptions() []Series {
	full := Health{FreeKnown: true, KeyProtection: KeyFile, ExportFailures: map[string]uint64{"": 0}}
	seen := map[string]bool{}
	var out []Series
	for _, s := range full.Series() {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, Series{Name: s.Name, Help: s.Help, Kind: s.Kind})
		}
	}
	return out
}

// Identity returns the labels every series carries: installation_id and branch.
func (l Labels) Identity() []Label {
	return []Label{{"installation_id", l.InstallationID}, {"branch", l.Branch}}
}

// Package fleet lets a head office see and steer a fleet of kiosks without a home-made
// server: it collects the kiosk's health from the store (queue depth by state, the oldest
// pending enrolment, the last successful delivery, delivery failures by class, free disk,
// key protection, version, profile, pen and camera), applies the freeze rules to it, and
// hands it to exporters (fleet/otlp for an OpenTelemetry collector, fleet/pushgw for a
// Prometheus Pushgateway, and a loopback /metrics). It also fetches, verifies and applies
// the administrator-signed remote configuration (remote.go).
//
// Nothing reported identifies a customer: only counts, ages, sizes, classes and the
// installation's own labels (installation id and branch). An exporter that cannot reach
// its collector costs a counter, never a wait for the UI or the sync worker.
package fleet

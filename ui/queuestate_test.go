package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/store"
)

func TestDescribeEntry(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 30, 0, 0, time.Local)
	retryAt := time.Date(2026, 12, 1, 8, 45, 0, 0, time.Local).UTC()
	for _, c := range []struct {
		name   string
		e      store.Entry
		paused bool
		label  string
		role   fyne.ThemeColorName
		detail string // a part of the detail
		tech   string
	}{
		{"failing", store.Entry{State: store.Sending, Attempts: 3, LastError: "POST /api/v1/videoid: dial tcp 10.0.0.1:443: connect: connection refused", NextAttempt: retryAt},
			false, "Not delivered — retrying at 08:45", theme.ColorNameWarning, "could not be reached", "connection refused"},
		{"server error", store.Entry{State: store.Queued, Attempts: 1, LastError: "POST /sign: HTTP 503: maintenance", NextAttempt: retryAt},
			false, "Not delivered — retrying at 08:45", theme.ColorNameWarning, "problem on its side", "HTTP 503"},
		{"tomorrow", store.Entry{State: store.Queued, Attempts: 1, LastError: "HTTP 429", NextAttempt: retryAt.Add(24 * time.Hour)},
			false, "Not delivered — retrying at 2026-12-02 08:45", theme.ColorNameWarning, "slow down", "HTTP 429"},
		{"paused", store.Entry{State: store.Queued}, true, "Sending paused", theme.ColorNameWarning, "resumed", ""},
		{"queued", store.Entry{State: store.Queued}, false, "Waiting to send", theme.ColorNameForeground, "reachable", ""},
		{"sending", store.Entry{State: store.Sending, Step: 1, StepName: "evidences"}, false, "Sending", theme.ColorNamePrimary, "Step 2: evidences", ""},
		{"review", store.Entry{State: store.Delivered, WaitingSince: retryAt.Add(-time.Hour), NextAttempt: retryAt}, false,
			"Delivered — awaiting the backend's decision", theme.ColorNamePrimary, "since 07:45", ""},
		{"confirmed", store.Entry{State: store.Confirmed, Confirmed: now.Add(-time.Minute)}, true, "Delivered and confirmed", theme.ColorNameSuccess, "08:29", ""},
		{"rejected", store.Entry{State: store.Rejected, Reason: "serial_number: invalid"}, false, "Refused by the backend: needs you", theme.ColorNameError, "Retry", "serial_number: invalid"},
		{"held", store.Entry{State: store.Held}, false, "On hold", theme.ColorNameWarning, "Release", ""},
	} {
		got := describeEntry(c.e, now, c.paused, "")
		if got.Label != c.label || got.Role != c.role || !strings.Contains(got.Detail, c.detail) || !strings.Contains(got.Technical, c.tech) {
			t.Errorf("%s: got %+v, want %q %q detail ~%q technical ~%q", c.name, got, c.label, c.role, c.detail, c.tech)
		}
		if c.tech == "" && got.Technical != "" {
			t.Errorf("%s: technical text %q shown", c.name, got.Technical)
		}
		if strings.Contains(got.Detail, "HTTP") || strings.Contains(got.Detail, "dial tcp") {
			t.Errorf("%s: the detail is technical: %q", c.name, got.Detail)
		}
	}
}

// TestDescribeEntryNeedsYou: an enrolment to reconcile, a corrected one, a replaced one and
// one whose profile's credentials were refused are worded without technical text, which
// stays behind Details.
func TestDescribeEntryNeedsYou(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 30, 0, 0, time.Local)
	sent := &store.InFlight{Name: "create", What: "POST /api/v1/videoid", At: now.Add(-10 * time.Minute)}
	for _, c := range []struct {
		name    string
		e       store.Entry
		refused string
		label   string
		role    fyne.ThemeColorName
		detail  string
		tech    string
	}{
		{"reconcile", store.Entry{State: store.Reconcile, LastError: "POST /api/v1/videoid: EOF", InFlight: sent}, "",
			"Needs reconciliation", theme.ColorNameError, "Sent at 08:20", "EOF"},
		{"corrected", store.Entry{State: store.Rejected, Reason: "HTTP 422: email", AmendedBy: "12345678-aaaa"}, "",
			"Refused, corrected as 12345678", theme.ColorNameWarning, "kept until the correction is confirmed", "HTTP 422"},
		{"superseded", store.Entry{State: store.Superseded, AmendedBy: "12345678-aaaa"}, "",
			"Replaced by its correction", theme.ColorNameForeground, "12345678 was confirmed", ""},
		{"refused credentials", store.Entry{State: store.Queued, Attempts: 2, LastError: "HTTP 401", NextAttempt: now}, "HTTP 403: You do not have permission",
			"Paused: credentials refused", theme.ColorNameWarning, "Settings", "You do not have permission"},
	} {
		got := describeEntry(c.e, now, false, c.refused)
		if got.Label != c.label || got.Role != c.role || !strings.Contains(got.Detail, c.detail) || !strings.Contains(got.Technical, c.tech) {
			t.Errorf("%s: got %+v, want %q %q detail ~%q technical ~%q", c.name, got, c.label, c.role, c.detail, c.tech)
		}
		if strings.Contains(got.Detail, "HTTP") || strings.Contains(got.Detail, "POST") {
			t.Errorf("%s: the detail is technical: %q", c.name, got.Detail)
		}
	}
}

func TestPlainError(t *testing.T) {
	for raw, want := range map[string]string{
		"POST /v1/auth/login: HTTP 401: bad key":                    "credentials",
		"the backend refused this device's credentials":             "credentials",
		"POST /sign: HTTP 422: serial_number invalid":               "refused the data",
		"POST /sign: Post \"https://x\": x509: certificate expired": "certificate",
		"POST /sign: the connection is too slow":                    "too slow",
		"POST /sign: dial tcp: lookup api.example: no such host":    "could not be reached",
		"something new": "The delivery failed.",
	} {
		if got := plainError(raw); !strings.Contains(got, want) {
			t.Errorf("plainError(%q) = %q, want ~%q", raw, got, want)
		}
	}
}

// TestBackendOfflineIsWorded: the readiness list says why the backend is offline in the
// operator's words, not the transport's.
func TestBackendOfflineIsWorded(t *testing.T) {
	s, _, _, _ := newTestShell(t)
	s.enrol.show(status.Snapshot{Configured: true, BackendErr: "Get \"https://api.example/hello\": dial tcp 10.0.0.1:443: connect: connection refused"})
	if got := s.enrol.backendRow.detail.Text; got != "Backend offline: The backend could not be reached: check the network." {
		t.Fatalf("the readiness list says %q", got)
	}
}

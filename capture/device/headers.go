package device

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"time"
)

// Headers gives the sync layer the values of x-installation_id, x-fingerprint,
// x-location, x-device-key and x-audit-head. Its method set matches what sync/api asks of
// a device (api.Device, api.EvidenceDevice).
type Headers struct {
	ID      Identity
	Locator Locator
	// Timeout bounds a location lookup so a slow GPS never holds a request up (default 2s).
	Timeout time.Duration
	// Key is the device's Ed25519 public key, sent as x-device-key; nil sends none.
	Key ed25519.PublicKey
	// Audit gives the audit log's head and keeps the one a backend accepted; nil sends none.
	Audit AuditLog
}

// AuditLog is the audit log as the headers need it; *store.DB implements it.
type AuditLog interface {
	// AuditHeadHeader returns the x-audit-head value now, "" when unknown.
	AuditHeadHeader(ctx context.Context) string
	// AuditSeenHeader keeps the x-audit-head value of a request a backend accepted.
	AuditSeenHeader(ctx context.Context, v string) error
}

// DeviceKey returns the public key as base64 of its DER SubjectPublicKeyInfo, "" when unset.
func (h Headers) DeviceKey() string {
	if h.Key == nil {
		return ""
	}
	der, err := x509.MarshalPKIXPublicKey(h.Key)
	if err != nil {
		return ""
	}
	return base64.StdEncoding.EncodeToString(der)
}

// AuditHead returns the audit log's head for x-audit-head.
func (h Headers) AuditHead(ctx context.Context) string {
	if h.Audit == nil {
		return ""
	}
	return h.Audit.AuditHeadHeader(ctx)
}

// AuditSeen keeps head as received by a backend; a failure to keep it is not the
// request's failure (the next accepted request keeps a newer one).
func (h Headers) AuditSeen(ctx context.Context, head string) {
	if h.Audit != nil {
		_ = h.Audit.AuditSeenHeader(ctx, head)
	}
}

// InstallationID returns the installation id.
func (h Headers) InstallationID() string { return h.ID.InstallationID }

// Fingerprint returns the machine fingerprint.
func (h Headers) Fingerprint() string { return h.ID.Fingerprint }

// Location returns "lat,lon", or "" when the position is unknown.
func (h Headers) Location(ctx context.Context) string {
	if h.Locator == nil {
		return ""
	}
	t := h.Timeout
	if t <= 0 {
		t = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	p, err := h.Locator.Position(ctx)
	if err != nil {
		return ""
	}
	return p.Header()
}

package api

import (
	"context"
	"encoding/base64"
	"net/http"
)

// Evidence headers: what a backend needs to pin this device and to notice a cut audit log.
const (
	// HeaderDeviceKey is the device's Ed25519 public key, base64 of its DER
	// SubjectPublicKeyInfo (the key that signs every manifest).
	HeaderDeviceKey = "x-device-key"
	// HeaderAuditHead is the end of the local audit log, "seq:mac" (store.AuditHead).
	HeaderAuditHead = "x-audit-head"
	// HeaderManifest and HeaderManifestSig carry the enrolment's signed manifest (base64
	// of manifest.json and of its 64-byte signature) on every request of its delivery.
	HeaderManifest    = "x-evidence-manifest"
	HeaderManifestSig = "x-evidence-manifest-sig"
)

// EvidenceDevice is what a Device may also do: present its public key and the audit
// log's head with every request, and keep the head of a request the backend accepted
// (2xx), so a log later cut behind it is reported. device.Headers implements it.
type EvidenceDevice interface {
	DeviceKey() string
	AuditHead(ctx context.Context) string
	AuditSeen(ctx context.Context, head string)
}

type manifestKey struct{}

type signedManifest struct{ data, sig []byte }

// WithManifest returns ctx carrying an enrolment's signed manifest: every request made
// with it sends HeaderManifest and HeaderManifestSig.
func WithManifest(ctx context.Context, data, sig []byte) context.Context {
	if len(data) == 0 {
		return ctx
	}
	return context.WithValue(ctx, manifestKey{}, signedManifest{data, sig})
}

// evidenceHeaders adds the evidence headers to h; the identity headers' one place.
func evidenceHeaders(ctx context.Context, h http.Header, d Device) {
	if ev, ok := d.(EvidenceDevice); ok {
		if k := ev.DeviceKey(); k != "" {
			h.Set(HeaderDeviceKey, k)
		}
		if head := ev.AuditHead(ctx); head != "" {
			h.Set(HeaderAuditHead, head)
		}
	}
	if m, ok := ctx.Value(manifestKey{}).(signedManifest); ok {
		h.Set(HeaderManifest, base64.StdEncoding.EncodeToString(m.data))
		h.Set(HeaderManifestSig, base64.StdEncoding.EncodeToString(m.sig))
	}
}

// accepted tells the device which audit head a backend has now received.
func accepted(ctx context.Context, h http.Header, d Device) {
	if ev, ok := d.(EvidenceDevice); ok {
		if head := h.Get(HeaderAuditHead); head != "" {
			ev.AuditSeen(ctx, head)
		}
	}
}

package sandbox

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

func keyHeader(t *testing.T, pub ed25519.PublicKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

func signedManifest(t *testing.T, priv ed25519.PrivateKey, inst, id string) (string, string) {
	t.Helper()
	m := manifest.Manifest{Format: manifest.Format, Version: manifest.Version, EnrolmentID: id, InstallationID: inst,
		DeviceKey: manifest.Fingerprint(priv.Public().(ed25519.PublicKey))}
	data, sig, err := manifest.Sign(m, priv)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(data), base64.StdEncoding.EncodeToString(sig)
}

func TestDeviceRegistryPinsKeysAndVerifiesManifests(t *testing.T) {
	e := newEnv(t, Options{})
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	m, sig := signedManifest(t, priv, "inst-1", "0b8f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e")
	hello := func(hdr ...string) int { return e.do(http.MethodGet, "/api/v1/hello", nil, hdr...).Code }
	if c := hello("x-installation_id", "inst-1", "x-device-key", keyHeader(t, pub), "x-audit-head", "7:",
		"x-evidence-manifest", m, "x-evidence-manifest-sig", sig); c != http.StatusOK {
		t.Fatalf("first request with a key and a good manifest: %d", c)
	}
	if c := hello("x-installation_id", "inst-1", "x-device-key", keyHeader(t, otherPub)); c != http.StatusForbidden {
		t.Fatalf("another key for the same installation: %d", c)
	}
	bad, badSig := signedManifest(t, otherPriv, "inst-1", "1b8f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e")
	if c := hello("x-installation_id", "inst-1", "x-device-key", keyHeader(t, pub), "x-evidence-manifest", bad, "x-evidence-manifest-sig", badSig); c != http.StatusUnprocessableEntity {
		t.Fatalf("a manifest signed by another key: %d", c)
	}
	if c := hello("x-installation_id", "inst-1", "x-device-key", keyHeader(t, pub), "x-audit-head", "3:ab"); c != http.StatusOK {
		t.Fatalf("an older audit head: %d", c)
	}
	rec, err := e.s.Received(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Devices) != 1 {
		t.Fatalf("devices %+v", rec.Devices)
	}
	d := rec.Devices[0]
	if d.KeySHA256 != manifest.Fingerprint(pub) || d.ManifestsVerified != 1 || d.ManifestsRefused != 1 || d.AuditHead != "7:" || d.AuditBehind != 1 {
		t.Fatalf("device %+v", d)
	}
}

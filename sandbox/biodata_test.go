package sandbox

import (
	"crypto/sha256"
	"errors"
	"net/http"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/google/uuid"
)

// envelopes builds the agent's biometric_data, plain and age-encrypted, for a short stroke.
func envelopes(t testing.TB) (plain, encrypted []byte) {
	t.Helper()
	sig := signature.Signature{Device: signature.Device{Kind: signature.KindTablet, XMax: 10000, YMax: 6000, HasPressure: true, PressureMax: 1023}}
	for i := range 50 {
		sig.Samples = append(sig.Samples, signature.Sample{T: uint32(i * 5), X: int32(100 + 40*i), Y: int32(3000 + 10*i), Pressure: 500, Contact: true})
	}
	doc := sha256.Sum256([]byte("contract"))
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	plain, err := biodata.BiometricData(sig, doc, biodata.Options{CapturedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	encrypted, err = biodata.BiometricData(sig, doc, biodata.Options{CapturedAt: at, Recipient: id.Recipient().String()})
	if err != nil {
		t.Fatal(err)
	}
	return plain, encrypted
}

func TestBiometricAcceptsWhatTheAgentBuilds(t *testing.T) {
	e := newEnv(t, Options{})
	plain, encrypted := envelopes(t)
	hdr := []string{"X-API-Key", DemoAPIKey, "x-installation_id", "inst-1", "x-fingerprint", "fp-1"}
	for kind, data := range map[string][]byte{"envelope": plain, "age": encrypted, "iso19794-7": fixture(t, "evidence/signature.iso")} {
		path := "/v1/orgs/acme/biometric_signs/" + uuid.NewString()
		r := e.postJSON(path, map[string]any{"biometric_data": b64(data), "signature_image": b64(fixture(t, "evidence/signature.png"))}, hdr...)
		wantStatus(t, r, http.StatusNoContent)
		if got := e.do(http.MethodGet, path, nil, hdr...).json(t)["biometric_data_kind"]; got != kind {
			t.Errorf("%s stored as %v", kind, got)
		}
	}
}

func FuzzCheckBiometricData(f *testing.F) {
	plain, encrypted := envelopes(f)
	f.Add(plain)
	f.Add(encrypted)
	f.Add(fixture(f, "evidence/signature.iso"))
	f.Add([]byte("SDI\x00010\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		kind, err := checkBiometricData("biometric_data", b)
		if err != nil && !errors.Is(err, ErrBiometric) {
			t.Fatalf("error %v does not wrap ErrBiometric", err)
		}
		if err == nil && kind == "" {
			t.Fatal("accepted without a kind")
		}
	})
}

package manifest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"testing"
)

func sample() Manifest {
	return Manifest{Format: Format, Version: Version, EnrolmentID: "0b8f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e",
		SealedAt: "2026-12-01T09:00:00.123456789Z", Profile: "oneshot", OperatorID: "rao<1>&", InstallationID: "inst",
		Terms: Terms{Version: "v1", SHA256: "ab", AcceptedAt: "2026-12-01T08:59:00Z"},
		Items: []Item{{Kind: "document_front", File: "document_front.jpg", MediaType: "image/jpeg", Size: 3, SHA256: "cd"}}}
}

func TestCanonicalSortsKeysAndKeepsText(t *testing.T) {
	b, err := Canonical(map[string]any{"b": 1, "a": "x<y>&z", "c": []int{2, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":"x<y>&z","b":1,"c":[2,1]}`; string(b) != want {
		t.Fatalf("Canonical = %s, want %s", b, want)
	}
	m := sample()
	b1, _ := m.Marshal()
	b2, _ := m.Marshal()
	if !bytes.Equal(b1, b2) || !bytes.HasPrefix(b1, []byte(`{"device_key_sha256":"","enrolment_id"`)) {
		t.Fatalf("manifest bytes are not canonical: %s", b1)
	}
}

func TestSignVerifyAndRefusals(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	m := sample()
	m.DeviceKey = Fingerprint(pub)
	data, sig, err := Sign(m, priv)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Verify(data, sig, pub); err != nil || got.EnrolmentID != m.EnrolmentID {
		t.Fatalf("Verify: %v", err)
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	if _, err := Verify(data, sig, other); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("another key: %v", err)
	}
	m.DeviceKey = Fingerprint(other) // signed by priv but naming another key
	data2, sig2, _ := Sign(m, priv)
	if _, err := Verify(data2, sig2, pub); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("manifest naming another key: %v", err)
	}
	spaced := append([]byte(" "), data...)
	if _, err := Parse(spaced); !errors.Is(err, ErrMalformed) {
		t.Fatalf("non-canonical bytes: %v", err)
	}
	pemb, _ := PublicKeyPEM(pub)
	if k, err := ParsePublicKeyPEM(pemb); err != nil || !k.Equal(pub) {
		t.Fatalf("PEM round trip: %v", err)
	}
	if _, err := ParsePublicKeyPEM([]byte("junk")); !errors.Is(err, ErrBadKey) {
		t.Fatalf("junk PEM: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	b, _ := sample().Marshal()
	f.Add(b)
	f.Add([]byte(`{"format":"x"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			return
		}
		again, err := m.Marshal()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("a parsed manifest does not marshal to its own bytes")
		}
	})
}

package biodata

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

func sampleBinding() Binding {
	return NewBinding(hexSum([]byte("the terms")), "0b8f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e",
		[]byte(`{"given_name":"Ana"}`), []byte("front jpeg"), []byte("rear jpeg"))
}

// TestBindingHashIsTheDocumentedText pins the text of docs/evidence.md: a verifier in
// another language recomputes this exact hash.
func TestBindingHashIsTheDocumentedText(t *testing.T) {
	b := sampleBinding()
	want := "enrolkiosk-transaction-v1\n" +
		"terms_sha256:" + hexSum([]byte("the terms")) + "\n" +
		"enrolment_id:0b8f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e\n" +
		"applicant_record_sha256:" + hexSum([]byte(`{"given_name":"Ana"}`)) + "\n" +
		"document_front_sha256:" + hexSum([]byte("front jpeg")) + "\n" +
		"document_rear_sha256:" + hexSum([]byte("rear jpeg")) + "\n"
	if b.Text() != want {
		t.Fatalf("binding text:\n%s\nwant:\n%s", b.Text(), want)
	}
	h := b.Hash()
	if hex.EncodeToString(h[:]) != hexSum([]byte(want)) {
		t.Fatal("Hash is not the SHA-256 of Text")
	}
	other := b
	other.EnrolmentID = "1b8f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e"
	if other.Hash() == h {
		t.Fatal("two enrolments share a document hash")
	}
}

func TestEnvelopeSignedByDeviceBeforeEncryption(t *testing.T) {
	sig := svctest.Load(t, "Task2/U1S1.TXT")
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	b := sampleBinding()
	id, _ := age.GenerateX25519Identity()
	enc, err := BiometricData(sig, b.Hash(), Options{Binding: &b, Signer: priv, Recipient: id.Recipient().String(),
		CapturedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(enc), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(r)
	env, err := Parse(plain)
	if err != nil {
		t.Fatal(err)
	}
	if env.Binding == nil || *env.Binding != b || env.VerifyDevice(pub) != nil {
		t.Fatalf("binding %+v, device signature: %v", env.Binding, env.VerifyDevice(pub))
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	if err := env.VerifyDevice(other); !errors.Is(err, ErrBadDeviceSignature) {
		t.Fatalf("another key: %v", err)
	}
	env.ISO[len(env.ISO)-1] ^= 1
	if err := env.VerifyDevice(pub); !errors.Is(err, ErrBadDeviceSignature) {
		t.Fatalf("changed record: %v", err)
	}
}

func TestEnvelopeBindingMustHashToDocument(t *testing.T) {
	sig := svctest.Load(t, "Task2/U1S1.TXT")
	b := sampleBinding()
	if _, err := BiometricData(sig, doc, Options{Binding: &b}); !errors.Is(err, ErrMalformed) {
		t.Fatalf("binding of another document: %v", err)
	}
	plain, err := BiometricData(sig, b.Hash(), Options{Binding: &b})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(plain, &m)
	m["binding"].(map[string]any)["enrolment_id"] = "1b8f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e"
	edited, _ := json.Marshal(m)
	if _, err := Parse(edited); !errors.Is(err, ErrMalformed) {
		t.Fatalf("binding edited after signing: %v", err)
	}
}

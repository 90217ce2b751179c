// Package fleettest gives the tests of package fleet and its exporters a store with
// enrolments sealed, some of them delivered by the real sync worker to the sandbox
// backend, and the personal data those enrolments hold, so that a test can check none of
// it is reported. Only tests import it.
package fleettest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// Personal lists the personal data of every enrolment Enrolment makes for n: what must
// never appear in a label or a value.
func Personal(n int) []string {
	e := Enrolment(n)
	a := e.Applicant
	return []string{a.GivenName, a.Surname1, a.Surname2, a.SerialNumber, a.Email, a.MobilePhoneNumber, a.CURP, e.Acceptance.IP}
}

// Enrolment returns a complete enrolment record numbered n, with personal data distinct
// enough to be searched for.
func Enrolment(n int) store.Enrolment {
	return store.Enrolment{
		Profile: "oneshot", OperatorID: "rao-1", Branch: "QUITO-01",
		Applicant: store.Applicant{GivenName: "Zoraida", Surname1: "Quintanilla", Surname2: "Berrocal",
			IDDocumentType: "IDC", IDDocumentCountry: "EC", SerialNumber: fmt.Sprintf("17%08d", 40000000+n),
			Email: fmt.Sprintf("zoraida.q%d@example.com", n), MobilePhoneNumber: "+593991234567",
			CURP: "QUBZ800101MDFRPN04", BirthDate: "1980-01-01"},
		Acceptance: store.Acceptance{TermsVersion: "2026-01", Accepted: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
			IP: "10.77.12.34", UserAgent: "EnrolKiosk/test (linux)"},
		Checks: store.SecurityChecks{OriginalDocumentSeen: true, FaceMatches: true, NotExpired: true},
	}
}

// evidence returns every evidence kind, from the sync tests' real fixture files.
func evidence(t testing.TB) []store.EvidenceInput {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "sync", "internal", "sandboxtest", "testdata", "evidence")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return []store.EvidenceInput{
		store.Bytes(store.DocumentFront, store.MediaJPEG, read("document_front.jpg")),
		store.Bytes(store.DocumentRear, store.MediaJPEG, read("document_rear.jpg")),
		store.Bytes(store.DocumentOwner, store.MediaJPEG, read("document_owner.jpg")),
		store.Bytes(store.Video, store.MediaWebM, read("selfie.webm")),
		store.Bytes(store.SignatureImage, store.MediaPNG, read("signature.png")),
		store.Bytes(store.BiometricData, "application/octet-stream", read("signature.iso")),
	}
}

// Seal seals enrolment n into db.
func Seal(t testing.TB, db *store.DB, n int) store.Enrolment {
	t.Helper()
	e, err := db.Seal(context.Background(), Enrolment(n), evidence(t))
	if err != nil {
		t.Fatalf("seal: %v", err)
	}
	return e
}

// device is a fixed identity for the API clients.
type device struct{}

func (device) InstallationID() string          { return "inst-fleettest" }
func (device) Fingerprint() string             { return "fp-fleettest" }
func (device) Location(context.Context) string { return "-0.18,-78.47" }

// Deliver runs the real sync worker of the One-Shot profile against a sandbox backend
// until nothing in db is due.
func Deliver(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	srv, err := sandbox.New(ctx, sandbox.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { hs.Close(); srv.Close() }()
	secrets := map[string]string{"FLEETTEST_USER": sandbox.DemoUsers[0].Username, "FLEETTEST_PASSWORD": sandbox.DemoUsers[0].Password,
		"FLEETTEST_PIN": sandbox.DemoUsers[0].PIN, "FLEETTEST_API_KEY": sandbox.DemoAPIKey,
		"FLEETTEST_BILLING_USER": sandbox.DemoBillingUsername, "FLEETTEST_BILLING_PASSWORD": sandbox.DemoBillingPassword}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	cfg := config.Default()
	be := &cfg.Backend
	be.OneShotURL = hs.URL + sandbox.OneShotBase
	be.Username, be.Password = config.SecretRef{Env: "FLEETTEST_USER"}, config.SecretRef{Env: "FLEETTEST_PASSWORD"}
	be.PIN, be.APIKey = config.SecretRef{Env: "FLEETTEST_PIN"}, config.SecretRef{Env: "FLEETTEST_API_KEY"}
	be.BillingUsername, be.BillingPassword = config.SecretRef{Env: "FLEETTEST_BILLING_USER"}, config.SecretRef{Env: "FLEETTEST_BILLING_PASSWORD"}
	be.RegistrationAuthority, be.CertProfile = sandbox.DemoRegistrationAuthority, "PFnubeQAFCiudadano"
	w, err := agent.New(ctx, agent.Options{Config: cfg, Store: db, Device: device{},
		Retry: retry.Policy{Base: time.Millisecond, Cap: 10 * time.Millisecond}, PollInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := w.Drain(dctx); err != nil {
		t.Fatalf("deliver: %v", err)
	}
}

// Store returns a test store (checked when the test ends) with delivered enrolments
// numbered 1..delivered, delivered through the sandbox, and pending ones numbered after
// them, sealed afterwards and still queued.
func Store(t testing.TB, delivered, pending int) *store.DB {
	t.Helper()
	db := storetest.Open(t)
	for n := 1; n <= delivered; n++ {
		Seal(t, db, n)
	}
	if delivered > 0 {
		Deliver(t, db)
	}
	for n := delivered + 1; n <= delivered+pending; n++ {
		Seal(t, db, n)
	}
	return db
}

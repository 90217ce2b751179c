// Package sandboxtest holds what the sync packages' tests deliver against and with: the
// sandbox backend on a loopback port, API clients for it with a fast retry policy,
// checks of what it received, and enrolments sealed with small valid evidence (the
// fixtures under testdata/evidence are real JPEG, WebM, PNG and ISO/IEC 19794-7 files).
// The stores they are sealed into come from store/storetest. (It was called synctest,
// which shadowed the standard library's testing/synctest.)
package sandboxtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// Dir returns the directory of this package's source, to find its fixtures.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// Fixture returns the bytes of testdata/evidence/name.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Dir(), "testdata", "evidence", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Evidence returns every evidence kind with its fixture, in delivery order.
func Evidence(t testing.TB) []store.EvidenceInput {
	t.Helper()
	return []store.EvidenceInput{
		store.Bytes(store.DocumentFront, "image/jpeg", Fixture(t, "document_front.jpg")),
		store.Bytes(store.DocumentRear, "image/jpeg", Fixture(t, "document_rear.jpg")),
		store.Bytes(store.DocumentOwner, "image/jpeg", Fixture(t, "document_owner.jpg")),
		store.Bytes(store.Video, "video/webm", Fixture(t, "selfie.webm")),
		store.Bytes(store.SignatureImage, "image/png", Fixture(t, "signature.png")),
		store.Bytes(store.BiometricData, "application/octet-stream", Fixture(t, "signature.iso")),
	}
}

// Enrolment returns a complete enrolment record for profile, numbered n.
func Enrolment(profile string, n int) store.Enrolment {
	return store.Enrolment{
		Profile: profile, OperatorID: "rao-1", Branch: "MAD-01",
		Applicant: store.Applicant{GivenName: "Ana", Surname1: "García", Surname2: "López",
			IDDocumentType: "IDC", IDDocumentCountry: "ES", SerialNumber: fmt.Sprintf("%08dZ", n),
			Email: fmt.Sprintf("ana%d@example.com", n), MobilePhoneNumber: "+34600000000",
			CURP: "GALA800101MDFRPN04", BirthDate: "1980-01-01"},
		Acceptance: store.Acceptance{TermsVersion: "2026-01", Accepted: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
			IP: "10.0.0.7", UserAgent: "EnrolKiosk/test (linux)"},
		Checks: store.SecurityChecks{OriginalDocumentSeen: true, FaceMatches: true, NotExpired: true},
	}
}

// Seal seals enrolment n of profile with every fixture and returns it.
func Seal(t testing.TB, db *store.DB, profile string, n int) store.Enrolment {
	t.Helper()
	e, err := db.Seal(context.Background(), Enrolment(profile, n), Evidence(t))
	if err != nil {
		t.Fatalf("seal: %v", err)
	}
	return e
}

package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store/internal/boltcheck"
)

// openTest opens a store in dir and, when the test ends, closes it and runs bbolt's
// consistency check on the file: storetest.Open for this package's own tests.
func openTest(t testing.TB, dir string, opts Options) *DB {
	t.Helper()
	d, err := Open(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		checkBolt(t, filepath.Join(dir, FileName))
	})
	return d
}

// checkBolt runs bbolt's consistency check on the file at path, as storetest.Check does
// (this package's tests cannot import storetest: it imports store).
func checkBolt(t testing.TB, path string) {
	t.Helper()
	if err := boltcheck.File(path, 5*time.Second); err != nil {
		t.Errorf("the store left by the test is not consistent: %v", err)
	}
}

// sampleEnrolment returns an enrolment with recognisable personal data.
func sampleEnrolment() Enrolment {
	return Enrolment{
		Profile: "oneshot", OperatorID: "rao-17", Branch: "MAD-01",
		Applicant: Applicant{GivenName: "Zacarías", Surname1: "Quintanilla", Surname2: "Ybarra",
			IDDocumentType: "IDC", IDDocumentCountry: "ES", SerialNumber: "99887766X",
			BirthDate: "1980-02-29", Nationality: "ES", Email: "zq@example.es", MobilePhoneNumber: "+34600111222"},
		Acceptance: Acceptance{TermsVersion: "2026-01", Accepted: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		Checks:     SecurityChecks{OriginalDocumentSeen: true, FaceMatches: true, NotExpired: true},
	}
}

// blob returns n pseudo-random bytes from seed.
func blob(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// sampleEvidence returns evidence of the given total size spread over three kinds.
func sampleEvidence(seed uint64, size int) (map[EvidenceKind][]byte, []EvidenceInput) {
	m := map[EvidenceKind][]byte{
		DocumentFront: blob(seed, size/4),
		DocumentRear:  blob(seed+1, size/4),
		Video:         blob(seed+2, size-2*(size/4)),
	}
	in := []EvidenceInput{
		Bytes(DocumentFront, "image/jpeg", m[DocumentFront]),
		Bytes(DocumentRear, "image/jpeg", m[DocumentRear]),
		Bytes(Video, "video/webm", m[Video]),
	}
	return m, in
}

// readAll streams the evidence back and checks its size and hash against its description.
func readAll(t testing.TB, d *DB, id string, kind EvidenceKind) []byte {
	t.Helper()
	rc, ev, err := d.OpenEvidence(context.Background(), id, kind)
	if err != nil {
		t.Fatalf("OpenEvidence %s: %v", kind, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, rc); err != nil {
		t.Fatalf("read %s: %v", kind, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	if int64(buf.Len()) != ev.Size || hex.EncodeToString(sum[:]) != ev.SHA256 {
		t.Fatalf("%s: read %d bytes (sha %x), described as %d bytes (sha %s)", kind, buf.Len(), sum, ev.Size, ev.SHA256)
	}
	return buf.Bytes()
}

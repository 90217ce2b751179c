package enrol

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// now is the clock of every test: the applicant born in 1990 is an adult.
var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testJPEG is a small picture standing in for a processed one.
func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goodPieces is a complete One-Shot enrolment: a valid Ecuadorian applicant, three
// pictures, a VP8 clip, an SVC2004 signature, the acceptance and every check.
func goodPieces(t testing.TB) Pieces {
	t.Helper()
	sig, err := replay.Parse(fixture(t, "signature.TXT"))
	if err != nil {
		t.Fatal(err)
	}
	jpg := testJPEG(t, 64, 40)
	return Pieces{
		ID: "5eed0000-0000-4000-8000-000000000001", Profile: "oneshot", Branch: "quito-1", OperatorID: "rao-7",
		Applicant: store.Applicant{
			GivenName: "Ana", Surname1: "Pérez", IDDocumentType: "IDC", IDDocumentCountry: "EC",
			SerialNumber: "1710034065", BirthDate: "1990-05-17", Email: "ana@example.com", MobilePhoneNumber: "+593991234567",
		},
		Acceptance: store.Acceptance{TermsVersion: "T-1", Accepted: now.Add(-time.Minute)},
		Checks:     store.SecurityChecks{OriginalDocumentSeen: true, FaceMatches: true, NotExpired: true},
		Front:      jpg, Rear: jpg, Owner: jpg, Video: fixture(t, "selfie.webm"),
		Signature: &sig, Terms: []byte("# Terms\n\nI accept."),
	}
}

func testOptions() Options { return Options{Now: func() time.Time { return now }} }

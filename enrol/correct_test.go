package enrol

import (
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

func TestCorrect(t *testing.T) {
	a := store.Applicant{GivenName: "Ana", Surname1: "García", IDDocumentType: "IDC", IDDocumentCountry: "ES",
		SerialNumber: "12345678Z", Email: "", MobilePhoneNumber: "+34600000000"}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	got, err := Correct("oneshot", a, map[string]string{"email": " ana@example.com "}, now)
	if err != nil || got.Email != "ana@example.com" || got.GivenName != "Ana" {
		t.Fatalf("Correct = %+v, %v", got, err)
	}
	if _, err := Correct("oneshot", a, map[string]string{"shoe_size": "42"}, now); !errors.Is(err, ErrCorrection) {
		t.Errorf("an unknown field: %v", err)
	}
	if _, err := Correct("oneshot", a, map[string]string{"email": "not an address"}, now); !errors.Is(err, ErrCorrection) {
		t.Errorf("a bad e-mail: %v", err)
	}
}

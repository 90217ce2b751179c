package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

func TestQueueAmend(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := storetest.Open(t, storetest.InDir(dir))
	e, err := db.Seal(ctx, store.Enrolment{Profile: "oneshot", Applicant: store.Applicant{GivenName: "Ana", Surname1: "García",
		IDDocumentType: "IDC", IDDocumentCountry: "ES", SerialNumber: "12345678Z", MobilePhoneNumber: "+34600000000"}},
		[]store.EvidenceInput{store.Bytes(store.DocumentFront, "image/jpeg", []byte{0xFF, 0xD8, 0xFF, 1})})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Reject(ctx, e.ID, "HTTP 400: Missing required parameters: email"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	short := store.ShortID(e.ID)
	if code, _, errs := runCtl(t, "--data-dir", dir, "queue", "amend", short, "--set", "email=not-an-address"); code != 1 || !strings.Contains(errs, "email") {
		t.Fatalf("a bad correction: exit %d %q", code, errs)
	}
	if code, _, errs := runCtl(t, "--data-dir", dir, "queue", "amend", short, "--set", "surname_1=Garcia", "--set", "email=ana@example.com"); code != 1 || !strings.Contains(errs, "sign again") {
		t.Fatalf("a correction of the signed name: exit %d %q", code, errs)
	}
	jpg := filepath.Join(t.TempDir(), "front.jpg")
	if err := os.WriteFile(jpg, []byte{0xFF, 0xD8, 0xFF, 2}, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCtl(t, "--data-dir", dir, "queue", "amend", short, "--front", jpg); code != 1 || !strings.Contains(errs, "sign again") || !strings.Contains(errs, "Retake") {
		t.Fatalf("a retaken front without a new signature: exit %d %q", code, errs)
	}
	code, out, errs := runCtl(t, "--data-dir", dir, "queue", "amend", short, "--set", "email=ana@example.com")
	if code != 0 || !strings.Contains(out, "amended by") {
		t.Fatalf("amend: exit %d %q %q", code, out, errs)
	}
	db = storetest.Open(t, storetest.InDir(dir))
	old, _ := db.Entry(ctx, e.ID)
	next, err := db.Get(ctx, old.AmendedBy)
	if err != nil || next.Applicant.Email != "ana@example.com" || next.Amends != e.ID || old.State != store.Rejected {
		t.Fatalf("after amend: old %s amended by %q, new %+v (%v)", old.State, old.AmendedBy, next.Applicant, err)
	}
}

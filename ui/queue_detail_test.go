package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// TestQueueShowsUnreadableEntries: entries the store could not read are counted on the
// queue screen rather than hidden, and the readable ones are still listed.
func TestQueueShowsUnreadableEntries(t *testing.T) {
	s, fs, _, _ := newTestShell(t)
	fs.entries, fs.unreadable = queueEntries(), 2
	showQueue(t, s, fs)
	if len(s.queue.view.rows) != len(queueEntries()) {
		t.Fatalf("%d rows, want the %d readable entries", len(s.queue.view.rows), len(queueEntries()))
	}
	if !strings.Contains(s.queue.errText.Text, "2 entries could not be read") || !strings.Contains(s.queue.errText.Text, "enrolctl verify") {
		t.Fatalf("the screen says %q, want how many entries could not be read", s.queue.errText.Text)
	}
	fs.unreadable = 0
	showQueue(t, s, fs)
	if s.queue.errText.Text != "" {
		t.Fatalf("the warning stays after a clean read: %q", s.queue.errText.Text)
	}
}

// TestAmendFromTheQueueScreen corrects a rejected enrolment's e-mail through the queue
// screen's path (enrol.Correct, then store.Amend): a new version linked to the old one;
// a change of the signed name is refused with the reason.
func TestAmendFromTheQueueScreen(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	e, err := db.Seal(ctx, store.Enrolment{Profile: "oneshot", Applicant: store.Applicant{GivenName: "Ana", Surname1: "García",
		IDDocumentType: "IDC", IDDocumentCountry: "ES", SerialNumber: "12345678Z", MobilePhoneNumber: "+34600000000"}},
		[]store.EvidenceInput{store.Bytes(store.DocumentFront, "image/jpeg", []byte{0xFF, 0xD8, 0xFF, 1})})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Reject(ctx, e.ID, "HTTP 400: Missing required parameters: email"); err != nil {
		t.Fatal(err)
	}
	edited := applicantValues(e.Applicant)
	edited["email"] = "ana@example.com"
	edited["surname_1"] = "Garcia"
	if _, err := amendApplicant(ctx, db, e.ID, edited, "operator ana", time.Now()); err == nil || !strings.Contains(err.Error(), "sign again") {
		t.Fatalf("a change of the signed name: %v", err)
	}
	edited["surname_1"] = "García"
	next, err := amendApplicant(ctx, db, e.ID, edited, "operator ana", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	old, _ := db.Entry(ctx, e.ID)
	rec, _ := db.Get(ctx, next)
	if old.AmendedBy != next || rec.Amends != e.ID || rec.Applicant.Email != "ana@example.com" {
		t.Fatalf("old amended by %q, new amends %q with %q", old.AmendedBy, rec.Amends, rec.Applicant.Email)
	}
	if st := describeEntry(old, time.Now(), false, ""); !strings.Contains(st.Label, "corrected as "+store.ShortID(next)) || !strings.Contains(st.Detail, "kept until") {
		t.Errorf("the old version says %+v", st)
	}
}

package store

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
)

// TestAmendRetakenImageNeedsANewSignature: the biometric data is bound to the ID images,
// so a retaken image without a new signature is refused (ErrSignAgain), half a signature
// is refused, and a retaken image with a new signature made for a given id is sealed
// under that id, linked to the old version, with the untouched pieces carried over.
func TestAmendRetakenImageNeedsANewSignature(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	m, in := sampleEvidence(7, 3000)
	in = append(in, Bytes(BiometricData, MediaBiometricJSON, []byte(`{"old":1}`)), Bytes(SignatureImage, MediaPNG, []byte("old png")))
	old, err := d.Seal(ctx, sampleEnrolment(), in)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Reject(ctx, old.ID, "HTTP 422: document_front is blurred"); err != nil {
		t.Fatal(err)
	}
	front := []byte{0xff, 0xd8, 0xff, 0xe0, 'n', 'e', 'w'}
	if _, err := d.Amend(ctx, old.ID, Amendment{Evidence: []EvidenceInput{Bytes(DocumentFront, MediaJPEG, front)}}); !errors.Is(err, ErrSignAgain) {
		t.Fatalf("a retaken front without a new signature: %v, want ErrSignAgain", err)
	}
	if _, err := d.Amend(ctx, old.ID, Amendment{Evidence: []EvidenceInput{Bytes(DocumentFront, MediaJPEG, front),
		Bytes(SignatureImage, MediaPNG, []byte("png"))}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a new signature image without its biometric data: %v, want ErrInvalid", err)
	}
	id := uuid.NewString()
	next, err := d.Amend(ctx, old.ID, Amendment{ID: id, By: "operator ana", Evidence: []EvidenceInput{
		Bytes(DocumentFront, MediaJPEG, front), Bytes(BiometricData, MediaBiometricJSON, []byte(`{"new":1}`)),
		Bytes(SignatureImage, MediaPNG, []byte("new png"))}})
	if err != nil {
		t.Fatal(err)
	}
	if next.ID != id || next.Amends != old.ID {
		t.Fatalf("new version %s amends %q, want %s amending %s", next.ID, next.Amends, id, old.ID)
	}
	for kind, want := range map[EvidenceKind][]byte{DocumentFront: front, DocumentRear: m[DocumentRear], Video: m[Video],
		BiometricData: []byte(`{"new":1}`), SignatureImage: []byte("new png")} {
		if got := readAll(t, d, id, kind); !bytes.Equal(got, want) {
			t.Errorf("new version's %s: %q, want %q", kind, got[:min(len(got), 16)], want[:min(len(want), 16)])
		}
	}
	if got := readAll(t, d, old.ID, DocumentFront); !bytes.Equal(got, m[DocumentFront]) {
		t.Error("the old version's front was changed")
	}
	oe, _ := d.Entry(ctx, old.ID)
	if oe.State != Rejected || oe.AmendedBy != id {
		t.Errorf("old version %s amended by %q", oe.State, oe.AmendedBy)
	}
	var events []string
	d.Audit(ctx, 1, func(a AuditEntry) error {
		if a.Event == EventAmended {
			events = append(events, ShortID(a.Enrolment)+" "+a.Detail)
		}
		return nil
	})
	want := []string{ShortID(old.ID) + " amended by " + ShortID(id) + ": evidence document_front, evidence biometric_data, evidence signature_image (by operator ana)",
		ShortID(id) + " amends " + ShortID(old.ID)}
	if len(events) != 2 || events[0] != want[0] || events[1] != want[1] {
		t.Errorf("audit %q, want %q", events, want)
	}
}

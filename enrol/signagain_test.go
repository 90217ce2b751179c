package enrol

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// TestSignAgainBindsTheNewVersion: after a retaken front, the new signature is bound to
// the new version (its id, its applicant record, the new front and the rear carried
// over), not to the old one, and only the retaken image and the new signature replace
// evidence.
func TestSignAgainBindsTheNewVersion(t *testing.T) {
	p := goodPieces(t)
	old, err := Assemble(context.Background(), p, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	front := testJPEG(t, 80, 50)
	const id = "5eed0000-0000-4000-8000-000000000002"
	signed := now.Add(time.Hour)
	ev, err := SignAgain(Resigning{ID: id, Record: old.Record, Applicant: old.Record.Applicant, Front: front, Rear: p.Rear,
		Retaken: []store.EvidenceKind{store.DocumentFront}, Signature: p.Signature, SignedAt: signed}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var kinds []store.EvidenceKind
	var bio []byte
	for _, e := range ev {
		kinds = append(kinds, e.Kind)
		switch e.Kind {
		case store.DocumentFront:
			if !bytes.Equal(e.Data, front) || e.ContentType != store.MediaJPEG {
				t.Error("the retaken front is not the new picture")
			}
		case store.BiometricData:
			bio = e.Data
		}
	}
	if len(kinds) != 3 || kinds[0] != store.DocumentFront || kinds[1] != store.SignatureImage || kinds[2] != store.BiometricData {
		t.Fatalf("evidence %v, want the front, the signature image and the biometric data", kinds)
	}
	env, err := biodata.Parse(bio)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := store.ApplicantRecord(p.Applicant)
	bind := biodata.NewBinding(old.Record.Acceptance.TermsSHA256, id, rec, front, p.Rear)
	sum := bind.Hash()
	if env.Binding == nil || *env.Binding != bind || env.DocumentSHA256 != hex.EncodeToString(sum[:]) || !env.CapturedAt.Equal(signed) {
		t.Errorf("bound to %+v at %v, want %+v at %v", env.Binding, env.CapturedAt, bind, signed)
	}

	for name, r := range map[string]Resigning{
		"no signature": {ID: id, Record: old.Record, Front: front, Retaken: []store.EvidenceKind{store.DocumentFront}},
		"the old id":   {ID: old.Record.ID, Record: old.Record, Front: front, Retaken: []store.EvidenceKind{store.DocumentFront}, Signature: p.Signature},
		"not a JPEG":   {ID: id, Record: old.Record, Front: []byte("GIF89a"), Retaken: []store.EvidenceKind{store.DocumentFront}, Signature: p.Signature},
		"the selfie":   {ID: id, Record: old.Record, Front: front, Retaken: []store.EvidenceKind{store.DocumentOwner}, Signature: p.Signature},
		"nothing new":  {ID: id, Record: old.Record, Front: front, Signature: p.Signature},
	} {
		if _, err := SignAgain(r, testOptions()); err == nil {
			t.Errorf("%s: sealed", name)
		} else if name == "the selfie" && !errors.Is(err, ErrRetakeKind) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

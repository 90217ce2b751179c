package enrol

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"testing"

	"filippo.io/age"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/capture/video"
	"github.com/enrolkiosk/enrolkiosk/store"
)

func TestAssembleLabelsEveryPiece(t *testing.T) {
	p := goodPieces(t)
	a, err := Assemble(context.Background(), p, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []Evidence{
		{store.DocumentFront, store.MediaJPEG, p.Front}, {store.DocumentRear, store.MediaJPEG, p.Rear},
		{store.DocumentOwner, store.MediaJPEG, p.Owner}, {store.Video, store.MediaWebM, p.Video},
		{store.SignatureImage, store.MediaPNG, nil}, {store.BiometricData, store.MediaBiometricJSON, nil},
	}
	if len(a.Evidence) != len(want) {
		t.Fatalf("evidence %d pieces, want %d", len(a.Evidence), len(want))
	}
	for i, w := range want {
		got := a.Evidence[i]
		if got.Kind != w.Kind || got.ContentType != w.ContentType || (w.Data != nil && !bytes.Equal(got.Data, w.Data)) || len(got.Data) == 0 {
			t.Errorf("evidence %d: %s %s (%d bytes), want %s %s", i, got.Kind, got.ContentType, len(got.Data), w.Kind, w.ContentType)
		}
	}
	if !bytes.HasPrefix(a.Evidence[4].Data, []byte("\x89PNG")) {
		t.Error("the signature image is not a PNG")
	}
	env, err := biodata.Parse(a.Evidence[5].Data)
	if err != nil {
		t.Fatal(err)
	}
	// Bound to this transaction: the terms' text, the enrolment id, the applicant record
	// and the ID images, not to the terms alone (the same for every customer).
	rec, _ := store.ApplicantRecord(p.Applicant)
	bind := biodata.NewBinding(store.SHA256Hex(p.Terms), p.ID, rec, p.Front, p.Rear)
	sum := bind.Hash()
	if env.Binding == nil || *env.Binding != bind || env.DocumentSHA256 != hex.EncodeToString(sum[:]) ||
		!env.CapturedAt.Equal(p.Acceptance.Accepted) {
		t.Errorf("the biometric data is bound to %s (%+v) at %v, want %+v", env.DocumentSHA256, env.Binding, env.CapturedAt, bind)
	}
	r := a.Record
	wantAcc := p.Acceptance
	wantAcc.TermsSHA256 = store.SHA256Hex(p.Terms) // set from the terms' text when the step did not
	if r.ID != p.ID || r.Profile != "oneshot" || r.Branch != "quito-1" || r.OperatorID != "rao-7" ||
		r.Applicant != p.Applicant || r.Acceptance != wantAcc || r.Checks != p.Checks {
		t.Errorf("record %+v", r)
	}
}

func TestAssembleEncryptsBiometricDataToTheTrustedThirdParty(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.TrustedThirdParty = id.Recipient().String()
	a, err := Assemble(context.Background(), goodPieces(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	bio := a.Evidence[len(a.Evidence)-1]
	if bio.Kind != store.BiometricData || bio.ContentType != store.MediaBiometricAge || !biodata.IsAgeEncrypted(bio.Data) {
		t.Fatalf("biometric data sealed as %s %q", bio.Kind, bio.ContentType)
	}
	if _, err := age.Decrypt(bytes.NewReader(bio.Data), id); err != nil {
		t.Fatalf("the trusted third party cannot read it: %v", err)
	}
}

// TestAssembleRefusesAVideoThatDoesNotPlay: video.Inspect decides, not a magic number.
func TestAssembleRefusesAVideoThatDoesNotPlay(t *testing.T) {
	clip := fixture(t, "selfie.webm")
	scrambled := append([]byte(nil), clip...)
	for i := len(scrambled) / 2; i < len(scrambled); i++ {
		scrambled[i] ^= 0x5a
	}
	for name, v := range map[string][]byte{
		"vp9":         fixture(t, "vp9.webm"),
		"magic only":  append([]byte{0x1a, 0x45, 0xdf, 0xa3}, make([]byte, 100)...),
		"text":        []byte("selfie"),
		"scrambled":   scrambled,
		"cut in half": clip[:len(clip)/2],
	} {
		t.Run(name, func(t *testing.T) {
			p := goodPieces(t)
			p.Video = v
			_, err := Assemble(context.Background(), p, testOptions())
			var ps Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Field != string(store.Video) || !errors.Is(ps[0].Err, video.ErrNotPlayable) {
				t.Fatalf("Assemble = %v, want one video problem wrapping video.ErrNotPlayable", err)
			}
		})
	}
}

func TestAssembleWithoutVideoWhereTheProfileNeedsNone(t *testing.T) {
	p := goodPieces(t)
	p.Video = nil
	if _, err := Assemble(context.Background(), p, testOptions()); !errors.As(err, new(Problems)) {
		t.Fatalf("oneshot without a video: %v", err)
	}
	p.Profile = "signal"
	a, err := Assemble(context.Background(), p, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range a.Evidence {
		if ev.Kind == store.Video {
			t.Fatal("a video piece without a video")
		}
	}
}

// TestAssembleRefusesPicturesThatAreNotJPEG: a picture that did not come through a
// pipeline is a program's fault, not the operator's, and is never labelled image/jpeg.
func TestAssembleRefusesPicturesThatAreNotJPEG(t *testing.T) {
	p := goodPieces(t)
	p.Rear = []byte("\x89PNG\r\n\x1a\n")
	if _, err := Assemble(context.Background(), p, testOptions()); err == nil || errors.As(err, new(Problems)) {
		t.Fatalf("Assemble = %v", err)
	}
}

func TestAssembleStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Assemble(ctx, goodPieces(t), testOptions()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Assemble = %v, want context.Canceled", err)
	}
}

// TestInputsReadAfresh: one Sealable sealed twice gives the same bytes both times.
func TestInputsReadAfresh(t *testing.T) {
	a, err := Assemble(context.Background(), goodPieces(t), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		in := a.Inputs()
		if len(in) != len(a.Evidence) {
			t.Fatalf("%d inputs for %d pieces", len(in), len(a.Evidence))
		}
		for i, ev := range in {
			b, _ := io.ReadAll(ev.Data)
			if ev.Kind != a.Evidence[i].Kind || ev.ContentType != a.Evidence[i].ContentType || !bytes.Equal(b, a.Evidence[i].Data) {
				t.Fatalf("input %d: %s %s %d bytes", i, ev.Kind, ev.ContentType, len(b))
			}
		}
	}
}

func TestValidateListsEveryProblemInTheWizardsOrder(t *testing.T) {
	p := Pieces{Profile: "oneshot", Applicant: store.Applicant{GivenName: "Ana", SerialNumber: "1710034066",
		IDDocumentType: "IDC", IDDocumentCountry: "EC", Email: "ana@example"}}
	var got []string
	for _, pr := range validate(p, now, nil) {
		got = append(got, pr.Error())
	}
	want := []string{
		"applicant.surname_1: Required",
		"applicant.serial_number: The cédula's check digit does not match: check the number for a typing error",
		"applicant.email: Enter an e-mail address such as name@example.com",
		"applicant.mobile_phone_number: Required",
		"document_front: " + ErrNoPicture.Error(), "document_rear: " + ErrNoPicture.Error(),
		"document_owner: " + ErrNoSelfie.Error(), "video: " + ErrNoVideo.Error(),
		"acceptance: " + ErrNotAccepted.Error(), "signature: " + ErrNoSignature.Error(),
		"security_checks: " + ErrChecklist.Error(),
	}
	if !slices.Equal(got, want) {
		t.Errorf("Validate =\n%q\nwant\n%q", got, want)
	}
	if ps := validate(goodPieces(t), now, nil); len(ps) != 0 {
		t.Errorf("a complete enrolment has problems: %v", ps)
	}
	if f, ok := (Problem{Field: ApplicantField("email")}).Applicant(); !ok || f != "email" {
		t.Errorf("Applicant() = %q, %v", f, ok)
	}
}

func TestValidateNeedsEveryCheck(t *testing.T) {
	p := goodPieces(t)
	p.Checks.FaceMatches = false
	ps := validate(p, now, nil)
	if len(ps) != 1 || ps[0].Field != FieldChecks || !errors.Is(ps[0].Err, ErrChecklist) {
		t.Fatalf("Validate = %v", ps)
	}
}

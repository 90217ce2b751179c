package wizard

import (
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// selfieClip is a playable WebM/VP8 clip of three 64x48 frames (enrol/testdata/gen.sh).
//
//go:embed testdata/selfie.webm
var selfieClip []byte

// testVideo is a playable WebM/VP8 clip padded with an EBML Void element (which players
// and video.Inspect skip) to n bytes, or the bare clip when n is smaller.
func testVideo(n int) []byte {
	clip := append([]byte(nil), selfieClip...)
	const header = 9 // the Void id 0xEC and an 8-byte size
	if n < len(clip)+header {
		return clip
	}
	size := make([]byte, 8)
	binary.BigEndian.PutUint64(size, uint64(n-len(clip)-header))
	size[0] = 0x01 // the size's length marker: 8 bytes
	clip = append(append(clip, 0xec), size...)
	return append(clip, make([]byte, n-len(clip))...)
}

// enrolTable is cmd/enrolctl's table of enrolment folders: each one that enrolctl
// refuses has problems.golden, the lines the refusal lists. cmd/enrolctl's
// TestEnrolRefusesWhatTheWizardRefuses runs the same folders through `enrolctl enrol`.
var enrolTable = []string{"good", "bad-cedula", "bad-email", "missing-mobile", "several"}

// TestApplicantFormMatchesEnrolctl types each folder's applicant.json into the
// applicant form and presses Next: the messages shown under the fields, each named as
// enrolctl names it, are exactly problems.golden, and a folder without problems goes on.
func TestApplicantFormMatchesEnrolctl(t *testing.T) {
	for _, name := range enrolTable {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "cmd", "enrolctl", "testdata", "enrol", name)
			raw, err := os.ReadFile(filepath.Join(dir, "applicant.json"))
			if err != nil {
				t.Fatal(err)
			}
			var file struct {
				Applicant store.Applicant `json:"applicant"`
			}
			if err := json.Unmarshal(raw, &file); err != nil {
				t.Fatal(err)
			}
			var want []string
			if b, err := os.ReadFile(filepath.Join(dir, "problems.golden")); err == nil {
				want = strings.Split(strings.TrimSpace(string(b)), "\n")
			} else if !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}

			w, _, _ := newTestWizard(t, "oneshot") // enrolctl's default profile
			s := w.steps[0].(*applicantStep)
			for field, v := range applicant.Values(file.Applicant) {
				if f := s.fields[field]; f.entry != nil {
					f.entry.SetText(v)
				}
			}
			for i, dt := range documentTypes {
				if dt.code == file.Applicant.IDDocumentType {
					s.docType.SetSelectedIndex(i)
				}
			}
			w.Next()

			var got []string
			for _, f := range applicantFields {
				if e := s.fields[f.name].errText; e.Text != "" {
					got = append(got, "applicant.json: applicant."+f.name+": "+e.Text)
				}
			}
			// The form lists its fields in its own order, enrolctl in the record's.
			slices.Sort(got)
			want = slices.Sorted(slices.Values(want))
			if !slices.Equal(got, want) {
				t.Errorf("the form says\n%s\nenrolctl says\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if moved := w.StepIndex() == 1; moved != (len(want) == 0) {
				t.Errorf("on step %d after Next (%q)", w.StepIndex(), w.errText.Text)
			}
		})
	}
}

// TestSealLabelsEvidence: the sealed evidence carries enrol's media types.
func TestSealLabelsEvidence(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	done := make(chan store.Enrolment, 1)
	w.opts.OnSealed = func(e store.Enrolment) { done <- e }
	walk(t, w, testJPEG(t), testVideo(2000))
	w.Next()
	<-done
	got := map[store.EvidenceKind]string{}
	for _, ev := range fs.sealed[0].Evidence {
		got[ev.Kind] = ev.ContentType
	}
	want := map[store.EvidenceKind]string{
		store.DocumentFront: store.MediaJPEG, store.DocumentRear: store.MediaJPEG, store.DocumentOwner: store.MediaJPEG,
		store.Video: store.MediaWebM, store.SignatureImage: store.MediaPNG, store.BiometricData: store.MediaBiometricJSON,
	}
	if len(got) != len(want) {
		t.Fatalf("evidence %v, want %v", got, want)
	}
	for k, ct := range want {
		if got[k] != ct {
			t.Errorf("%s sealed as %q, want %q", k, got[k], ct)
		}
	}
}

// TestSealRefusesAVideoThatDoesNotPlay: a file with WebM's magic that does not decode
// passes the import but not the seal, which says why and keeps everything.
func TestSealRefusesAVideoThatDoesNotPlay(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	broken := append(append([]byte{}, webmMagic...), make([]byte, 2000)...)
	walk(t, w, testJPEG(t), broken)
	failed := make(chan struct{})
	w.sealDone = func() { close(failed) }
	w.Next()
	<-failed
	if len(fs.sealed) != 0 || w.StepIndex() != 7 || !strings.Contains(w.errText.Text, "video: the video is not a playable WebM/VP8 clip") {
		t.Fatalf("sealed %d, step %d, %q", len(fs.sealed), w.StepIndex(), w.errText.Text)
	}
}

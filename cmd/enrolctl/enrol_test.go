package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

// enrolTable is the table of enrolment folders under testdata/enrol that ui/wizard's
// TestApplicantFormMatchesEnrolctl also types into the wizard's applicant form: each
// refused one has problems.golden, the lines the refusal lists; the others are sealed.
var enrolTable = []string{"good", "bad-cedula", "bad-email", "missing-mobile", "several"}

// TestEnrolRefusesWhatTheWizardRefuses: each folder of the table is refused (exit 1)
// with exactly the lines of its problems.golden, one per field, or sealed.
func TestEnrolRefusesWhatTheWizardRefuses(t *testing.T) {
	for _, name := range enrolTable {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "enrol", name)
			var want []string
			if b, err := os.ReadFile(filepath.Join(dir, "problems.golden")); err == nil {
				want = strings.Split(strings.TrimSpace(string(b)), "\n")
			} else if !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			code, out, errs := runCtl(t, "--data-dir", t.TempDir(), "enrol", "--from-dir", dir)
			if len(want) == 0 {
				if code != exitOK || !strings.HasPrefix(out, "sealed ") {
					t.Fatalf("exit %d %q %q", code, out, errs)
				}
				return
			}
			var got []string
			for _, line := range strings.Split(errs, "\n") {
				if p, ok := strings.CutPrefix(line, "  - "); ok {
					got = append(got, p)
				}
			}
			if code != exitProblem || !slices.Equal(got, want) {
				t.Errorf("exit %d, problems\n%s\nwant (as the wizard's form says)\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestEnrolThenExportNamesBiometricData: the biometric data is sealed as
// application/json, or application/age when a trusted third party is configured, and
// export writes it as .json or .age; every other piece has its media type.
func TestEnrolThenExportNamesBiometricData(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, config, file, media string
	}{
		{"plain", "", "biometric_data.json", store.MediaBiometricJSON},
		{"encrypted", "[signature]\ntrusted_third_party = \"" + id.Recipient().String() + "\"\n", "biometric_data.age", store.MediaBiometricAge},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, out := t.TempDir(), filepath.Join(t.TempDir(), "export")
			cfg := writeConfig(t, c.config)
			code, stdout, errs := runCtl(t, "--data-dir", data, "--config", cfg, "enrol", "--from-dir", "testdata/enrol/good", "--json")
			var sealed struct{ Sealed []string }
			if code != exitOK || json.Unmarshal([]byte(stdout), &sealed) != nil || len(sealed.Sealed) != 1 {
				t.Fatalf("enrol: exit %d %q %q", code, stdout, errs)
			}
			if code, stdout, errs := runCtl(t, "--data-dir", data, "--config", cfg, "export", sealed.Sealed[0], "--out", out); code != exitOK {
				t.Fatalf("export: exit %d %q %q", code, stdout, errs)
			}
			b, err := os.ReadFile(filepath.Join(out, store.ManifestName))
			if err != nil {
				t.Fatal(err)
			}
			var m manifest.Manifest
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, it := range m.Items {
				got[it.File] = it.MediaType
			}
			want := map[string]string{
				"document_front.jpg": store.MediaJPEG, "document_rear.jpg": store.MediaJPEG, "document_owner.jpg": store.MediaJPEG,
				"video.webm": store.MediaWebM, "signature_image.png": store.MediaPNG, c.file: c.media, store.ApplicantRecordFile: "application/json",
			}
			if len(got) != len(want) {
				t.Fatalf("exported %v, want %v", got, want)
			}
			for name, media := range want {
				if got[name] != media {
					t.Errorf("%s: %q, want %q (exported %v)", name, got[name], media, got)
				}
			}
		})
	}
}

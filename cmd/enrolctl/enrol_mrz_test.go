package main

import (
	"errors"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz/mrztest"
)

// folderWithZone copies testdata/enrol/good with rear.jpg replaced by a card carrying
// a TD1 zone for the document number num, and applicant.json's last field changed by
// edit.
func folderWithZone(t *testing.T, num string, edit func(string) string) string {
	t.Helper()
	f, err := mrz.LoadFont("")
	if errors.Is(err, mrz.ErrNoFont) {
		t.Skip("the OCR-B font is not installed (scripts/deps.sh installs fonts-ocr-b)")
	}
	if err != nil {
		t.Fatal(err)
	}
	src, dir := filepath.Join("testdata", "enrol", "good"), t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == applicantFile {
			b = []byte(edit(string(b)))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cd := func(s string) string { return string(mrz.CheckDigit(s)) }
	l1 := "IDESP" + num + cd(num) + "<<<<<<<<<<<<<<<"
	l2 := "900517" + cd("900517") + "F" + "310101" + cd("310101") + "ESP<<<<<<<<<<<"
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	img, _, err := mrztest.Render(f, mrztest.Options{Lines: []string{l1, l2, "GARCIA<LOPEZ<<ANA<<<<<<<<<<<<<"}, Width: 1100})
	if err != nil {
		t.Fatal(err)
	}
	w, err := os.Create(filepath.Join(dir, rearFile))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := jpeg.Encode(w, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEnrolReadsTheMRZAndSealsIt(t *testing.T) {
	dir := folderWithZone(t, "12345678Z", func(s string) string { return s })
	data, out := t.TempDir(), filepath.Join(t.TempDir(), "export")
	code, stdout, errs := runCtl(t, "--data-dir", data, "enrol", "--from-dir", dir)
	if code != exitOK || !strings.Contains(errs, "rear.jpg: machine readable zone read (TD1)") {
		t.Fatalf("exit %d %q %q", code, stdout, errs)
	}
	id := strings.Fields(stdout)[2]
	id = strings.Trim(id, "()")
	if code, stdout, errs := runCtl(t, "--data-dir", data, "export", id, "--out", out); code != exitOK {
		t.Fatalf("export: exit %d %q %q", code, stdout, errs)
	}
	b, err := os.ReadFile(filepath.Join(out, "document_mrz.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"matched":true`) {
		t.Fatalf("%s", b)
	}
}

func TestEnrolRefusesFieldsThatDisagreeWithTheMRZ(t *testing.T) {
	dir := folderWithZone(t, "X2345678Z", func(s string) string { return s })
	code, _, errs := runCtl(t, "--data-dir", t.TempDir(), "enrol", "--from-dir", dir)
	want := "applicant.json: applicant.serial_number: Differs from the document's machine readable zone"
	if code != exitProblem || !strings.Contains(errs, want) {
		t.Fatalf("exit %d %q", code, errs)
	}
	// Confirmed against the document, as the wizard's box does: sealed.
	dir = folderWithZone(t, "X2345678Z", func(s string) string {
		return strings.Replace(s, `"operator_id": "rao-1"`, `"operator_id": "rao-1", "mrz_confirmed": true`, 1)
	})
	if code, out, errs := runCtl(t, "--data-dir", t.TempDir(), "enrol", "--from-dir", dir); code != exitOK {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
}

package main

import (
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz/mrztest"
)

var mrzSpecimen = []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}

// mrzCard writes a synthetic card with the zone (nil: none) as PNG and returns its path.
func mrzCard(t *testing.T, lines []string) string {
	t.Helper()
	f, err := mrz.LoadFont("")
	if errors.Is(err, mrz.ErrNoFont) {
		t.Skip("the OCR-B font is not installed (scripts/deps.sh installs fonts-ocr-b)")
	}
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := mrztest.Render(f, mrztest.Options{Lines: lines, Width: 900, Rotate: 1.5, JPEG: 85})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "rear.png")
	w, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := png.Encode(w, img); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDocumentMRZJSON(t *testing.T) {
	code, stdout, stderr := runCtl(t, "document", "mrz", mrzCard(t, mrzSpecimen), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep mrzReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	r := rep.Reading.Result
	if !rep.Valid || !rep.Expired || r.DocumentNumber != "D23145890" || r.BirthDate.String() != "1974-08-12" || len(r.Checks) != 4 {
		t.Fatalf("%+v", rep)
	}
}

func TestDocumentMRZText(t *testing.T) {
	code, stdout, stderr := runCtl(t, "document", "mrz", mrzCard(t, mrzSpecimen))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"TD1 machine readable zone, valid", "document number  D23145890", "given names      ANNA MARIA",
		"expiry date      2012-04-15 (EXPIRED)", "composite        read 6 computed 6  ok"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in\n%s", want, stdout)
		}
	}
}

func TestDocumentMRZFailures(t *testing.T) {
	broken := []string{mrzSpecimen[0], "7408122F1204158UTO<<<<<<<<<<<6", mrzSpecimen[2]} // expiry check digit 9 -> 8
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no zone", []string{"document", "mrz", mrzCard(t, nil)}, exitProblem, "no machine readable zone"},
		{"check digit", []string{"document", "mrz", mrzCard(t, broken)}, exitProblem, "expiry date"},
		{"not an image", []string{"document", "mrz", fixture(t, "text.jpg")}, exitProblem, "not an image"},
		{"no image", []string{"document", "mrz"}, exitUsage, "usage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCtl(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q, stdout %q; want %d and %q", code, stderr, stdout, c.code, c.want)
			}
		})
	}
}

package main

import (
	"crypto/sha256"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
	"github.com/enrolkiosk/enrolkiosk/config"
)

// svcFile writes one SVC2004 file to a temporary directory and returns its path.
func svcFile(t *testing.T, name string) string {
	t.Helper()
	for _, f := range svctest.Files(t) {
		if f.Name == name {
			p := filepath.Join(t.TempDir(), filepath.Base(name))
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	t.Fatalf("%s not in the SVC2004 zip", name)
	return ""
}

func TestSignatureInspectSVC(t *testing.T) {
	in := svcFile(t, "Task2/U1S1.TXT")
	dir := t.TempDir()
	pngOut, plotOut := filepath.Join(dir, "sig.png"), filepath.Join(dir, "plot.png")
	code, stdout, stderr := runCtl(t, "signature", "inspect", in, "--json", "--png", pngOut, "--plot", plotOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep signatureReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if rep.Samples != 84 || rep.Strokes != 6 || rep.DurationMs != 1212 || rep.PressureMax != 837 || rep.Format != "SVC2004" || rep.Quality != "ok" {
		t.Fatalf("report %+v", rep)
	}
	for _, p := range []string{pngOut, plotOut} {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		f.Close()
	}
}

func TestSignatureEncodeThenInspect(t *testing.T) {
	in := svcFile(t, "Task2/U17S26.TXT")
	out := filepath.Join(t.TempDir(), "sig.iso")
	if code, _, stderr := runCtl(t, "signature", "encode", in, "--out", out); code != 0 {
		t.Fatalf("encode exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := iso19794.Decode(b)
	if err != nil || len(rec.Samples) != 713 {
		t.Fatalf("encoded record: %v, %d samples", err, len(rec.Samples))
	}
	code, stdout, stderr := runCtl(t, "signature", "inspect", out)
	if code != 0 || !strings.Contains(stdout, "samples:     713") || !strings.Contains(stdout, "iso19794-7") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
}

func TestSignatureInspectEnvelopeAndEncrypted(t *testing.T) {
	in := svcFile(t, "Task2/U1S1.TXT")
	dir := t.TempDir()
	sig := mustLoad(t, in)
	env, err := biodata.BiometricData(sig, sha256.Sum256([]byte("doc")), biodata.Options{})
	if err != nil {
		t.Fatal(err)
	}
	envPath := filepath.Join(dir, "env.json")
	if err := os.WriteFile(envPath, env, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCtl(t, "signature", "inspect", envPath)
	if code != 0 || !strings.Contains(stdout, "document:    sha256 ") || !strings.Contains(stdout, "SVC2004 (WACOM Intuos)") {
		t.Fatalf("envelope: exit %d: %s%s", code, stdout, stderr)
	}
	id, _ := age.GenerateX25519Identity()
	enc, err := biodata.BiometricData(sig, sha256.Sum256([]byte("doc")), biodata.Options{Recipient: id.Recipient().String()})
	if err != nil {
		t.Fatal(err)
	}
	encPath := filepath.Join(dir, "enc.age")
	if err := os.WriteFile(encPath, enc, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCtl(t, "signature", "inspect", encPath); code != exitProblem || !strings.Contains(stderr, "trusted third party") {
		t.Fatalf("encrypted: exit %d: %s", code, stderr)
	}
}

func mustLoad(t *testing.T, path string) signature.Signature {
	t.Helper()
	sig, _, err := loadSignature(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func TestSignatureUsage(t *testing.T) {
	for _, args := range [][]string{{"signature"}, {"signature", "sign"}, {"signature", "inspect"}, {"signature", "encode", "x.TXT"}} {
		if code, _, _ := runCtl(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.TXT")
	if err := os.WriteFile(bad, []byte("2\n1 2 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCtl(t, "signature", "inspect", bad); code != exitProblem || !strings.Contains(stderr, "not a readable signature file") {
		t.Fatalf("malformed file: exit %d: %s", code, stderr)
	}
}

func TestCheckPenTablet(t *testing.T) {
	in := doctorInput{cfg: config.Default()}
	if r := checkPenTablet(t.Context(), in); r.Status != statusOK || !strings.Contains(r.Detail, "no pressure") {
		t.Fatalf("pointer: %+v", r)
	}
	in.cfg.Signature.Source = "evdev:/dev/input/event-does-not-exist"
	if r := checkPenTablet(t.Context(), in); r.Status != statusFail || !strings.Contains(r.Detail, "input") {
		t.Fatalf("missing tablet: %+v", r)
	}
}

package store

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

// exportOne seals a sample enrolment and exports it; it returns the folder.
func exportOne(t *testing.T) (string, *DB) {
	t.Helper()
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	_, in := sampleEvidence(21, 3*ChunkSize+5)
	e := sampleEnrolment()
	e.Acceptance.TermsSHA256 = SHA256Hex([]byte("the terms"))
	e.Location = &manifest.Location{Lat: 40.4168, Lon: -3.7038}
	sealed, err := d.Seal(ctx, e, in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "export")
	if _, err := d.Export(ctx, sealed.ID, out); err != nil {
		t.Fatal(err)
	}
	return out, d
}

func TestExportVerifiesWithOpenSSLAndSha256(t *testing.T) {
	out, _ := exportOne(t)
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatal("openssl is not installed: run make deps (scripts/deps.sh installs it)")
	}
	cmd := exec.Command(openssl, "pkeyutl", "-verify", "-pubin", "-inkey", "device.pub.pem", "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig")
	cmd.Dir = out
	if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), "Signature Verified Successfully") {
		t.Fatalf("openssl pkeyutl -verify: %v\n%s", err, b)
	}
	// The fingerprint in the manifest is what openssl and sha256sum print for the key.
	der, err := exec.Command(openssl, "pkey", "-pubin", "-in", filepath.Join(out, manifest.PubKeyName), "-outform", "DER").Output()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(out, manifest.FileName))
	m, err := manifest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(der); m.DeviceKey != hex.EncodeToString(sum[:]) {
		t.Errorf("device_key_sha256 %s is not the SHA-256 of the DER key", m.DeviceKey)
	}
	if m.Location == nil || m.Terms.SHA256 != SHA256Hex([]byte("the terms")) || m.OperatorID != "rao-17" || m.InstallationID == "" {
		t.Errorf("manifest misses fields: %s", data)
	}
	// sha256sum -c with the manifest's hashes.
	var lines strings.Builder
	for _, it := range m.Items {
		lines.WriteString(it.SHA256 + "  " + it.File + "\n")
	}
	check := exec.Command("sha256sum", "-c", "-")
	check.Dir, check.Stdin = out, strings.NewReader(lines.String())
	if b, err := check.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, b)
	}
	if rep, err := manifest.VerifyDir(out, nil); err != nil || !rep.OK() || rep.Checked != len(m.Items) {
		t.Fatalf("VerifyDir: %v %+v", err, rep.Faults)
	}
}

func TestVerifyExportNamesEveryFlippedByte(t *testing.T) {
	out, _ := exportOne(t)
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, ent := range entries {
		t.Run(ent.Name(), func(t *testing.T) {
			dir := copyDir(t, out)
			path := filepath.Join(dir, ent.Name())
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0x01
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			rep, err := manifest.VerifyDir(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(rep.Faults, "\n")
			named := strings.Contains(all, ent.Name())
			if ent.Name() == manifest.PubKeyName { // another key fails the signature
				named = named || strings.Contains(all, manifest.SigName)
			}
			if rep.OK() || !named {
				t.Fatalf("one flipped byte in %s: faults %q", ent.Name(), rep.Faults)
			}
		})
	}
}

func TestVerifyExportMissingExtraAndPinnedKey(t *testing.T) {
	out, d := exportOne(t)
	id, err := d.Identity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep, _ := manifest.VerifyDir(out, id.PublicKey); !rep.OK() {
		t.Fatalf("pinned to the right key: %q", rep.Faults)
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	if rep, _ := manifest.VerifyDir(out, other); rep.OK() {
		t.Fatal("pinned to another key: passed")
	}
	dir := copyDir(t, out)
	os.Remove(filepath.Join(dir, "video.webm"))
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
	rep, _ := manifest.VerifyDir(dir, nil)
	all := strings.Join(rep.Faults, "\n")
	if !strings.Contains(all, "video.webm: missing") || !strings.Contains(all, "notes.txt: not named") {
		t.Fatalf("missing and extra file: %q", rep.Faults)
	}
}

// copyDir copies the flat folder src into a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

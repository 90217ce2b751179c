//go:build windows_e2e

package windows

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSignedKioskVerifies signs a copy of enrolkiosk.exe with scripts/windows-sign.sh (what
// make windows runs when a certificate is configured) using a self-signed certificate
// made here, checks that osslsigncode verify accepts it against that certificate and
// refuses a copy changed after signing, and that the exe carries its version resource.
func TestSignedKioskVerifies(t *testing.T) {
	w := setup(t)
	dir := t.TempDir()
	key, cert, p12 := filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "sign.p12")
	run := func(env []string, name string, args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = w.root, append(os.Environ(), env...)
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := run(nil, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
		"-days", "2", "-subj", "/CN=Enrol Kiosk test signing", "-addext", "extendedKeyUsage=codeSigning"); err != nil {
		t.Fatalf("make a test certificate: %v\n%s", err, out)
	}
	pwEnv := []string{"EK_TEST_SIGN_PW=test-only-password"}
	if out, err := run(pwEnv, "openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12,
		"-passout", "env:EK_TEST_SIGN_PW"); err != nil {
		t.Fatalf("make the PKCS#12 file: %v\n%s", err, out)
	}
	exe := filepath.Join(dir, "enrolkiosk.exe")
	orig, err := os.ReadFile(filepath.Join(w.bin, "enrolkiosk.exe"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(orig, utf16("0.1.0")) || !bytes.Contains(orig, utf16("Enrol Kiosk")) {
		t.Error("enrolkiosk.exe carries no version resource naming the product and its version")
	}
	os.WriteFile(exe, orig, 0o755)
	signEnv := append(pwEnv, "WINDOWS_SIGN_PKCS12="+p12, "WINDOWS_SIGN_PASSWORD_ENV=EK_TEST_SIGN_PW", "WINDOWS_SIGN_CAFILE="+cert)
	if out, err := run(signEnv, "./scripts/windows-sign.sh", exe); err != nil {
		t.Fatalf("windows-sign.sh: %v\n%s", err, out)
	}
	if out, err := run(nil, "osslsigncode", "verify", "-in", exe, "-CAfile", cert); err != nil {
		t.Fatalf("osslsigncode verify refused the signed exe: %v\n%s", err, out)
	} else if !strings.Contains(out, "Enrol Kiosk test signing") {
		t.Errorf("verify does not name the signer:\n%s", out)
	}
	// A byte changed after signing (the signature covers it): verify must refuse.
	signed, _ := os.ReadFile(exe)
	signed[len(signed)/3] ^= 0xff
	bad := filepath.Join(dir, "tampered.exe")
	os.WriteFile(bad, signed, 0o755)
	if out, err := run(nil, "osslsigncode", "verify", "-in", bad, "-CAfile", cert); err == nil {
		t.Fatalf("osslsigncode verify accepted an exe changed after signing:\n%s", out)
	}
}

// utf16 is s in UTF-16LE, as a version resource stores its strings.
func utf16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

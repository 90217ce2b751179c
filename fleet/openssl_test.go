package fleet_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
)

// TestOpenSSLSignedDocument follows docs/fleet.md's signing steps with openssl: the admin
// key's base64 public key goes in fleet.admin_key, and the detached signature verifies.
func TestOpenSSLSignedDocument(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	dir := t.TempDir()
	run := func(stdin []byte, args ...string) []byte {
		t.Helper()
		cmd := exec.Command("openssl", args...)
		cmd.Dir, cmd.Stdin = dir, bytes.NewReader(stdin)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("openssl %v: %v", args, err)
		}
		return out
	}
	run(nil, "genpkey", "-algorithm", "ed25519", "-out", "admin.pem")
	der := run(nil, "pkey", "-in", "admin.pem", "-pubout", "-outform", "DER")
	adminKey := base64.StdEncoding.EncodeToString(der[len(der)-ed25519.PublicKeySize:])
	body := fixture(t, "good")
	if err := os.WriteFile(filepath.Join(dir, "kiosk.toml"), body, 0o600); err != nil {
		t.Fatal(err)
	}
	sig := base64.StdEncoding.EncodeToString(run(nil, "pkeyutl", "-sign", "-inkey", "admin.pem", "-rawin", "-in", "kiosk.toml"))

	base := config.Default()
	base.Fleet.AdminKey = adminKey
	key, err := base.Fleet.AdminPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	s, err := fleet.ParseSignature([]byte(sig + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := fleet.Check(key, base, fleet.Document{Body: body, Signature: s})
	if err != nil || cfg.Fleet.MaxPending != 200 {
		t.Fatalf("openssl-signed document: %v, max_pending %d", err, cfg.Fleet.MaxPending)
	}
}

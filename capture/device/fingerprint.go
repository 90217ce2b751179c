package device

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// fingerprintVersion heads the canonical text; bump it if the recipe ever changes.
const fingerprintVersion = "enrolkiosk-fingerprint-v1"

// Fingerprint returns the x-fingerprint value for facts and the device public key, as
// described in the package documentation.
func Fingerprint(f Facts, pub ed25519.PublicKey) string {
	var b strings.Builder
	line := func(k, v string) {
		// A newline inside a fact must not forge another line.
		v = strings.NewReplacer("\n", " ", "\r", " ").Replace(v)
		b.WriteString(k + "=" + v + "\n")
	}
	b.WriteString(fingerprintVersion + "\n")
	line("machine_id", f.MachineID)
	line("product_uuid", f.ProductUUID)
	line("board", f.Board)
	line("cpu", f.CPU)
	line("os", f.OS)
	line("pubkey", base64.StdEncoding.EncodeToString(pub))
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

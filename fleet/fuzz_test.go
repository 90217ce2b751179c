package fleet_test

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/fleet"
)

// FuzzCheck signs any body with the admin key: Check never panics, and whatever it
// accepts is a valid configuration that weakens nothing and keeps the trust anchor.
func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "remote", "*.toml"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("[fleet]\nadmin_key = \"\"\n"))
	f.Add([]byte("[store]\nkeyring = false\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		base := localConfig(t)
		key, _ := base.Fleet.AdminPublicKey()
		d := fleet.Document{Body: body, Signature: ed25519.Sign(adminKey(0), body)}
		cfg, err := fleet.Check(key, base, d)
		if err != nil {
			return
		}
		if w := fleet.Weakenings(base, cfg); len(w) > 0 {
			t.Fatalf("accepted a weakening: %v", w)
		}
		if verr := cfg.Validate(); verr != nil {
			t.Fatalf("accepted an invalid configuration: %v", verr)
		}
		if cfg.Fleet.AdminKey != base.Fleet.AdminKey || cfg.Signature.TrustedThirdParty != base.Signature.TrustedThirdParty {
			t.Fatal("the trust anchor or the third party moved")
		}
	})
}

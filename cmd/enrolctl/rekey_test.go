package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDoctorFailsOnAPlainKeyUntilRekeyed(t *testing.T) {
	dir, _ := seedStore(t)
	code, out, _ := runCtl(t, "--data-dir", dir, "doctor")
	if code != 1 || !strings.Contains(out, "device key not protected") {
		t.Fatalf("doctor with a plain key file: exit %d\n%s", code, out)
	}
	t.Setenv("EK_NEW_PASS", "short")
	if code, _, _ := runCtl(t, "--data-dir", dir, "rekey", "--to", "passphrase", "--new-passphrase-env", "EK_NEW_PASS"); code != 2 {
		t.Fatalf("a short passphrase: exit %d", code)
	}
	t.Setenv("EK_NEW_PASS", "a long enough passphrase")
	if code, out, errs := runCtl(t, "--data-dir", dir, "rekey", "--to", "passphrase", "--new-passphrase-env", "EK_NEW_PASS"); code != 0 || !strings.Contains(out, "now kept as passphrase") {
		t.Fatalf("rekey: exit %d %s %s", code, out, errs)
	}
	if code, _, errs := runCtl(t, "--data-dir", dir, "queue", "ls"); code == 0 || !strings.Contains(errs, "passphrase") {
		t.Fatalf("queue ls without the passphrase after rekey: exit %d %s", code, errs)
	}
	cfg := filepath.Join(t.TempDir(), "ek.toml")
	os.WriteFile(cfg, []byte("[store]\nkeyring = false\nkey_protection = \"passphrase\"\npassphrase = { env = \"EK_NEW_PASS\" }\n"), 0o600)
	code, out, _ = runCtl(t, "--data-dir", dir, "--config", cfg, "doctor")
	if strings.Contains(out, "device key not protected") || !strings.Contains(out, "queued") {
		t.Fatalf("doctor with the passphrase: exit %d\n%s", code, out)
	}
}

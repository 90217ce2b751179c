package config

import (
	"errors"
	"testing"
)

func TestStoreSection(t *testing.T) {
	cfg := Default()
	if !cfg.Store.Keyring || cfg.Store.MinFreeMiB != 32 || !cfg.Store.Passphrase.IsZero() {
		t.Fatalf("defaults = %+v", cfg.Store)
	}
	ok := "[store]\nkeyring = false\nmin_free_mib = 64\npassphrase = { env = \"ENROLKIOSK_STORE_PASSPHRASE\" }\n"
	if err := Parse([]byte(ok), &cfg); err != nil || cfg.Store.Keyring || cfg.Store.MinFreeMiB != 64 || cfg.Store.Passphrase.Env == "" {
		t.Fatalf("parse: %+v, %v", cfg.Store, err)
	}
	for name, bad := range map[string]string{
		"plain passphrase": "[store]\npassphrase = \"hunter2\"\n",
		"no free space":    "[store]\nmin_free_mib = 0\n",
		"two references":   "[store]\npassphrase = { env = \"A\", file = \"/b\" }\n",
	} {
		c := Default()
		if err := Parse([]byte(bad), &c); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

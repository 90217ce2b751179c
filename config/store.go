package config

import "fmt"

// Store holds the settings of the local encrypted queue.
type Store struct {
	// Retention is how long evidence of a confirmed enrolment is kept before purge.
	Retention Duration `toml:"retention"`
	// CompactFreeRatio compacts the file when free pages pass this share of it (0..1);
	// it is also compacted at store.DefaultCompactFreePages free pages whatever the share.
	CompactFreeRatio float64 `toml:"compact_free_ratio"`
	// Keyring keeps the device key in the OS keyring when one works (default true);
	// false keeps it in device.key in the data dir.
	Keyring bool `toml:"keyring"`
	// Passphrase, when set, seals device.key with argon2id; it is needed at every start.
	Passphrase SecretRef `toml:"passphrase"`
	// MinFreeMiB is the free disk space below which sealing is refused (default 32).
	MinFreeMiB int `toml:"min_free_mib"`
	// KeyProtection is how the device key must be protected: "auto" (the TPM when there is
	// one, else a passphrase when one is set, else the OS keyring, else a plain file,
	// reported as not protected), "tpm" (sealed to this machine's TPM 2.0), "passphrase"
	// (argon2id: store.passphrase, or typed on the app's unlock screen) or "file" (a plain
	// file or the keyring).
	KeyProtection string `toml:"key_protection"`
}

func defaultStore() Store {
	return Store{Retention: Duration{7 * 24 * 3600e9}, CompactFreeRatio: 0.5, Keyring: true, MinFreeMiB: 32, KeyProtection: "auto"}
}

func (s *Store) validate() error {
	if s.CompactFreeRatio <= 0 || s.CompactFreeRatio > 1 {
		return fmt.Errorf("store.compact_free_ratio %v must be in (0, 1]", s.CompactFreeRatio)
	}
	if s.MinFreeMiB < 1 {
		return fmt.Errorf("store.min_free_mib %d must be at least 1", s.MinFreeMiB)
	}
	switch s.KeyProtection {
	case "auto", "tpm", "passphrase", "file":
	default:
		return fmt.Errorf("store.key_protection %q: use \"auto\", \"tpm\", \"passphrase\" or \"file\"", s.KeyProtection)
	}
	return s.Passphrase.validate("store.passphrase")
}

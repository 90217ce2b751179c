package config

import "fmt"

// Store holds the settings of the local encrypted queue.
type Store struct {
	// Retention is how long evidence of a confirmed enrolment is kept before purge.
	Retention Duration `toml:"retention"`
	// CompactFreeRatio compacts the file when free pages pass this share of it (0..1).
	CompactFreeRatio float64 `toml:"compact_free_ratio"`
	// Keyring keeps the device key in the OS keyring when one works (default true);
	// false keeps it in device.key in the data dir.
	Keyring bool `toml:"keyring"`
	// Passphrase, when set, seals device.key with argon2id; it is needed at every start.
	Passphrase SecretRef `toml:"passphrase"`
	// MinFreeMiB is the free disk space below which sealing is refused (default 32).
	MinFreeMiB int `toml:"min_free_mib"`
}

func defaultStore() Store {
	return Store{Retention: Duration{7 * 24 * 3600e9}, CompactFreeRatio: 0.5, Keyring: true, MinFreeMiB: 32}
}

func (s *Store) validate() error {
	if s.CompactFreeRatio <= 0 || s.CompactFreeRatio > 1 {
		return fmt.Errorf("store.compact_free_ratio %v must be in (0, 1]", s.CompactFreeRatio)
	}
	if s.MinFreeMiB < 1 {
		return fmt.Errorf("store.min_free_mib %d must be at least 1", s.MinFreeMiB)
	}
	return s.Passphrase.validate("store.passphrase")
}

package config

import "fmt"

// Store holds the settings of the local encrypted queue.
type Store struct {
	// Retention is how long evidence of a confirmed enrolment is kept before purge.
	Retention Duration `toml:"retention"`
	// CompactFreeRatio compacts the file when free pages pass this share of it (0..1).
	CompactFreeRatio float64 `toml:"compact_free_ratio"`
}

func defaultStore() Store {
	return Store{Retention: Duration{7 * 24 * 3600e9}, CompactFreeRatio: 0.5}
}

func (s *Store) validate() error {
	if s.CompactFreeRatio <= 0 || s.CompactFreeRatio > 1 {
		return fmt.Errorf("store.compact_free_ratio %v must be in (0, 1]", s.CompactFreeRatio)
	}
	return nil
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/durable"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// saveSettings applies the Settings screen's edits (dotted keys; nil removes one) to the
// configuration file at path, keeping every other setting and credential reference as
// it was, validates the result exactly as a start-up would, and writes it durably.
// Comments in the file are not kept.
func saveSettings(path string, edits map[string]any) (config.Config, error) {
	doc := map[string]any{}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return config.Config{}, fmt.Errorf("read %s: %w", path, err)
	default:
		if _, err := toml.Decode(string(data), &doc); err != nil {
			return config.Config{}, fmt.Errorf("%s cannot be read (fix it by hand first): %w", path, err)
		}
	}
	for key, v := range edits {
		setKey(doc, key, v)
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(doc); err != nil {
		return config.Config{}, fmt.Errorf("encode the settings: %w", err)
	}
	cfg := config.Default()
	if err := config.Parse(buf.Bytes(), &cfg); err != nil {
		return config.Config{}, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return config.Config{}, fmt.Errorf("create the folder of %s: %w", path, err)
	}
	if err := durable.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return config.Config{}, fmt.Errorf("write %s: %w", path, err)
	}
	cfg.Path = path
	return cfg, nil
}

// setKey sets (or, for nil, deletes) a dotted key in a decoded TOML document; an empty
// string also deletes, so an emptied field falls back to the default.
func setKey(doc map[string]any, key string, v any) {
	parts := strings.Split(key, ".")
	m := doc
	for _, p := range parts[:len(parts)-1] {
		sub, ok := m[p].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[p] = sub
		}
		m = sub
	}
	last := parts[len(parts)-1]
	if s, ok := v.(string); v == nil || (ok && s == "") {
		delete(m, last)
		return
	}
	m[last] = v
}

// auditedSave saves the Settings screen's edits and records which settings changed (their
// names, never their values) in the audit log.
func auditedSave(ctx context.Context, db *store.DB, path string, edits map[string]any, logger *slog.Logger) (config.Config, error) {
	cfg, err := saveSettings(path, edits)
	if err != nil {
		return cfg, err
	}
	names := slices.Sorted(maps.Keys(edits))
	if aerr := db.Record(ctx, store.EventSettingsChanged, strings.Join(names, ", ")); aerr != nil {
		logger.Error("audit the settings change", "err", aerr)
	}
	return cfg, nil
}

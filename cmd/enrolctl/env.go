package main

import (
	"errors"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
)

// resolveDataDir returns the data dir from the flag or the default.
func (e *env) resolveDataDir() (string, error) {
	if e.dataDir != "" {
		return e.dataDir, nil
	}
	return paths.DataDir()
}

// loadConfig loads the configuration from the flag or the default path. A missing default
// file yields the defaults; a missing file named by --config is an error.
func (e *env) loadConfig() (config.Config, string, error) {
	path := e.configPath
	if path == "" {
		p, err := config.DefaultPath()
		if err != nil {
			return config.Default(), "", err
		}
		path = p
		cfg, err := config.Load(path)
		if errors.Is(err, config.ErrNotFound) {
			return config.Default(), path, nil
		}
		return cfg, path, err
	}
	cfg, err := config.Load(path)
	return cfg, path, err
}

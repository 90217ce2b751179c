package config

import "errors"

// Sentinel errors returned (wrapped) by Load. Callers test them with errors.Is.
var (
	// ErrNotFound means the configuration file does not exist.
	ErrNotFound = errors.New("configuration file not found")
	// ErrUnreadable means the file exists but could not be read (permissions, a directory).
	ErrUnreadable = errors.New("configuration file cannot be read")
	// ErrSyntax means the file is not valid TOML.
	ErrSyntax = errors.New("configuration file is not valid TOML")
	// ErrUnknownKey means the file has a key this version does not know (often a typo).
	ErrUnknownKey = errors.New("unknown configuration key")
	// ErrInvalid means a value has the wrong type or is out of range.
	ErrInvalid = errors.New("invalid configuration value")
	// ErrSecretUnavailable means a credential reference could not be resolved.
	ErrSecretUnavailable = errors.New("credential not available")
)

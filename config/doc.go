// Package config loads and validates the kiosk's TOML configuration file.
//
// The file names the backend profile, base URLs, the branch and the device location.
// Credentials are never written in the file: it holds references to them (an environment
// variable, the OS keyring or a 0600 file), resolved only when they are needed. Every error
// names the file and line so an operator can fix it.
package config

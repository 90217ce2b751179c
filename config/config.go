package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// FileName is the name of the configuration file inside the user's config directory.
const FileName = "enrolkiosk.toml"

// Profiles lists the backend profiles a configuration may name.
var Profiles = []string{"oneshot", "signal", "people"}

// Config is the whole configuration. Each section lives in its own file of this package.
type Config struct {
	// Profile chooses the backend profile: "oneshot" (default), "signal" or "people".
	Profile string `toml:"profile"`
	// BranchID identifies the branch or field team this device belongs to.
	BranchID string `toml:"branch_id"`
	// Language forces the UI language ("en" or "es"); empty follows the system locale.
	Language string `toml:"language"`

	Backend   Backend   `toml:"backend"`
	Location  Location  `toml:"location"`
	Kiosk     Kiosk     `toml:"kiosk"`
	Store     Store     `toml:"store"`
	Camera    Camera    `toml:"camera"`
	Document  Document  `toml:"document"`
	Signature Signature `toml:"signature"`
	Fleet     Fleet     `toml:"fleet"`

	// Path is the file this configuration was loaded from; empty for defaults.
	Path string `toml:"-"`
}

// Default returns the configuration used when no file exists: the One-Shot profile
// and conservative kiosk settings, with no backend URL (demo mode supplies one).
func Default() Config {
	return Config{
		Profile:   "oneshot",
		Backend:   defaultBackend(),
		Kiosk:     defaultKiosk(),
		Store:     defaultStore(),
		Camera:    defaultCamera(),
		Document:  defaultDocument(),
		Signature: defaultSignature(),
		Fleet:     defaultFleet(),
	}
}

// DefaultPath returns the configuration path in the user's config directory.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("locate user config directory: %w", err)
	}
	return filepath.Join(dir, "enrolkiosk", FileName), nil
}

// Load reads and validates the file at path. Values missing from the file keep their
// defaults. The returned error wraps one of the package's sentinel errors and names the
// line at fault where there is one.
func Load(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return cfg, fmt.Errorf("%w: %s (create it, or start with --config pointing at one)", ErrNotFound, path)
	case err != nil:
		return cfg, fmt.Errorf("%w: %s: %v (check its permissions)", ErrUnreadable, path, err)
	}
	if err := Parse(data, &cfg); err != nil {
		return Default(), fmt.Errorf("%s: %w", path, err)
	}
	cfg.Path = path
	return cfg, nil
}

// Parse decodes TOML data over cfg and validates the result.
func Parse(data []byte, cfg *Config) error {
	md, err := toml.Decode(string(data), cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%w: line %d: %s", classify(pe), pe.Position.Line, pe.Message)
		}
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		key := und[0].String()
		return fmt.Errorf("%w: line %d: %q is not a setting (check the spelling; see docs/enrolkiosk.example.toml)",
			ErrUnknownKey, lineOfKey(data, und[0]), key)
	}
	return atLine(data, cfg.Validate())
}

// classify tells a TOML syntax error from a value the destination refused.
func classify(pe toml.ParseError) error {
	if strings.Contains(pe.Message, "incompatible types") || pe.LastKey != "" && isValueError(pe.Message) {
		return ErrInvalid
	}
	return ErrSyntax
}

func isValueError(msg string) bool {
	for _, s := range []string{"incompatible", "invalid duration", "reference", "must be", "out of range"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// Validate checks values that the TOML types alone cannot.
func (c *Config) Validate() error {
	if !contains(Profiles, c.Profile) {
		return fmt.Errorf("%w: profile %q: choose one of %s", ErrInvalid, c.Profile, strings.Join(Profiles, ", "))
	}
	if c.Language != "" && c.Language != "en" && c.Language != "es" {
		return fmt.Errorf("%w: language %q: choose \"en\" or \"es\", or leave it empty to follow the system", ErrInvalid, c.Language)
	}
	for _, v := range []interface{ validate() error }{&c.Backend, &c.Location, &c.Kiosk, &c.Store, &c.Camera, &c.Document, &c.Signature, &c.Fleet} {
		if err := v.validate(); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

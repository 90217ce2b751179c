package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// SecretRef points at a credential kept outside the configuration file. In TOML it is an
// inline table with exactly one of its keys set:
//
//	password = { env = "ENROLKIOSK_PASSWORD" }
//	password = { keyring = "enrolkiosk/operator" }   # service/user in the OS keyring
//	password = { file = "/etc/enrolkiosk/password" } # a file readable by the owner only
//
// A plain string is refused so that a secret is never written into the file.
type SecretRef struct {
	Env     string `toml:"env"`
	Keyring string `toml:"keyring"`
	File    string `toml:"file"`
}

// IsZero reports whether no reference is set.
func (s SecretRef) IsZero() bool { return s == SecretRef{} }

// String describes the reference without revealing any secret.
func (s SecretRef) String() string {
	switch {
	case s.Env != "":
		return "env:" + s.Env
	case s.Keyring != "":
		return "keyring:" + s.Keyring
	case s.File != "":
		return "file:" + s.File
	}
	return "unset"
}

func (s SecretRef) validate(name string) error {
	n := 0
	for _, v := range []string{s.Env, s.Keyring, s.File} {
		if v != "" {
			n++
		}
	}
	if n > 1 {
		return fmt.Errorf("%s: set only one of env, keyring or file", name)
	}
	if s.Keyring != "" && !strings.Contains(s.Keyring, "/") {
		return fmt.Errorf("%s: keyring reference %q must be \"service/user\"", name, s.Keyring)
	}
	return nil
}

// Keyring reads secrets from the operating system's keyring. It is declared here, where
// it is used, and implemented outside this package.
type Keyring interface {
	Get(service, user string) (string, error)
}

// Resolve returns the secret the reference points at. kr may be nil when no keyring exists.
func (s SecretRef) Resolve(ctx context.Context, kr Keyring) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	switch {
	case s.Env != "":
		v, ok := os.LookupEnv(s.Env)
		if !ok || v == "" {
			return "", fmt.Errorf("%w: environment variable %s is not set", ErrSecretUnavailable, s.Env)
		}
		return v, nil
	case s.Keyring != "":
		if kr == nil {
			return "", fmt.Errorf("%w: no OS keyring on this machine for %s", ErrSecretUnavailable, s.Keyring)
		}
		service, user, _ := strings.Cut(s.Keyring, "/")
		v, err := kr.Get(service, user)
		if err != nil {
			return "", fmt.Errorf("%w: keyring %s: %w", ErrSecretUnavailable, s.Keyring, err)
		}
		return v, nil
	case s.File != "":
		return readSecretFile(s.File)
	}
	return "", fmt.Errorf("%w: no reference configured", ErrSecretUnavailable)
}

func readSecretFile(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrSecretUnavailable, err)
	}
	if err := checkOwnerOnly(path, fi); err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrSecretUnavailable, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("%w: %s is empty", ErrSecretUnavailable, path)
	}
	return v, nil
}

// UnmarshalTOML accepts only the inline-table form, refusing plain strings.
func (s *SecretRef) UnmarshalTOML(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return errors.New(`a credential must be a reference, not a plain value: write { env = "NAME" }, { keyring = "service/user" } or { file = "/path" }`)
	}
	for k, val := range m {
		str, ok := val.(string)
		if !ok {
			return fmt.Errorf("credential reference %q must be a string", k)
		}
		switch k {
		case "env":
			s.Env = str
		case "keyring":
			s.Keyring = str
		case "file":
			s.File = str
		default:
			return fmt.Errorf("credential reference key %q is not one of env, keyring, file", k)
		}
	}
	return nil
}

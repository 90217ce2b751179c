//go:build !windows

package config_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// checkSecretFileAccess: a {file=...} secret readable by others is refused, a 0600 one read.
func checkSecretFileAccess(t *testing.T, ctx context.Context) {
	t.Helper()
	dir := t.TempDir()
	open := filepath.Join(dir, "open")
	os.WriteFile(open, []byte("pw\n"), 0o644)
	if _, err := (config.SecretRef{File: open}).Resolve(ctx, nil); !errors.Is(err, config.ErrSecretUnavailable) || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable file: %v", err)
	}
	private := filepath.Join(dir, "private")
	os.WriteFile(private, []byte("pw\n"), 0o600)
	if v, err := (config.SecretRef{File: private}).Resolve(ctx, nil); err != nil || v != "pw" {
		t.Fatalf("private file: %q %v", v, err)
	}
}

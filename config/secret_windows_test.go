package config_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// setACL replaces the access list of path with the one in sddl (protected: nothing
// inherited from the folder).
func setACL(t *testing.T, path, sddl string) {
	t.Helper()
	sd, err := windows.SecurityDescriptorFromString(sddl)
	if err != nil {
		t.Fatal(err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		t.Fatal(err)
	}
	if err := windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil); err != nil {
		t.Fatal(err)
	}
}

// checkSecretFileAccess: a {file=...} secret whose access list lets Everyone or Users
// read it is refused; one that only its owner (and SYSTEM) may read is read.
func checkSecretFileAccess(t *testing.T, ctx context.Context) {
	t.Helper()
	tok := windows.GetCurrentProcessToken()
	u, err := tok.GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	me := u.User.Sid.String()
	dir := t.TempDir()
	for name, sddl := range map[string]string{
		"everyone": "D:P(A;;FA;;;" + me + ")(A;;FR;;;WD)",
		"users":    "D:P(A;;FA;;;" + me + ")(A;;GR;;;BU)",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("pw\n"), 0o600)
		setACL(t, p, sddl)
		_, err := (config.SecretRef{File: p}).Resolve(ctx, nil)
		if !errors.Is(err, config.ErrSecretUnavailable) || !strings.Contains(err.Error(), "icacls") {
			t.Fatalf("%s may read it: %v, want a refusal that says how to fix it", name, err)
		}
	}
	private := filepath.Join(dir, "private")
	os.WriteFile(private, []byte("pw\n"), 0o600)
	setACL(t, private, "D:P(A;;FA;;;"+me+")(A;;FA;;;SY)(D;;FR;;;WD)")
	if v, err := (config.SecretRef{File: private}).Resolve(ctx, nil); err != nil || v != "pw" {
		t.Fatalf("owner-only file: %q %v", v, err)
	}
}

package acl

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/windows"
)

// setSDDL replaces the access list of path with the one in sddl, inheriting nothing.
func setSDDL(t *testing.T, path, sddl string) {
	t.Helper()
	sd, err := windows.SecurityDescriptorFromString(sddl)
	if err != nil {
		t.Fatal(err)
	}
	dacl, _, _ := sd.DACL()
	if err := windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil); err != nil {
		t.Fatal(err)
	}
}

func TestOwnerOnly(t *testing.T) {
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	me := u.User.Sid.String()
	p := filepath.Join(t.TempDir(), "key")
	os.WriteFile(p, []byte("k"), 0o600)
	for _, sddl := range []string{"D:P(A;;FA;;;" + me + ")(A;;FA;;;WD)", "D:P(A;;FA;;;" + me + ")(A;;GR;;;BU)"} {
		setSDDL(t, p, sddl)
		if err := OwnerOnly(p); !errors.Is(err, ErrReadableByOthers) {
			t.Fatalf("%s: %v, want ErrReadableByOthers", sddl, err)
		}
	}
	// The owner first, then an entry that denies everyone else: Wine keeps no access list
	// of its own and maps this one onto mode 0700.
	setSDDL(t, p, "D:P(A;;FA;;;"+me+")(A;;FA;;;SY)(D;;FR;;;WD)")
	if err := OwnerOnly(p); err != nil {
		t.Fatalf("owner-only: %v", err)
	}
	if b, err := os.ReadFile(p); err != nil || string(b) != "k" {
		t.Fatalf("the owner can no longer read it: %q %v", b, err)
	}
	if err := OwnerOnly(filepath.Join(t.TempDir(), "missing")); err == nil || errors.Is(err, ErrReadableByOthers) {
		t.Fatalf("missing file: %v", err)
	}
}

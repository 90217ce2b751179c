package config

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The access rights that let an account read a file's content.
const secretReadRights = windows.FILE_READ_DATA | windows.GENERIC_READ | windows.GENERIC_ALL | windows.MAXIMUM_ALLOWED

// The other kinds of entry that allow access (winnt.h), whose account is not at SidStart.
const (
	aceAllowedObject         = 0x5
	aceAllowedCallback       = 0x9
	aceAllowedCallbackObject = 0xB
)

// checkOwnerOnly refuses a secret file that anyone but its owner, SYSTEM and the
// Administrators group may read, going by the file's access list (Windows has no Unix
// modes): every entry that allows reading must name one of those. An entry that only
// denies, or only applies to files created below, is ignored.
func checkOwnerOnly(path string, _ os.FileInfo) error {
	fix := fmt.Sprintf(`run icacls "%s" /inheritance:r /grant:r "%%USERNAME%%:R" on it`, path)
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return fmt.Errorf("%w: read the access list of %s: %w", ErrSecretUnavailable, path, err)
	}
	owner, _, err := sd.Owner()
	if err != nil || owner == nil {
		return fmt.Errorf("%w: %s has no owner: %s", ErrSecretUnavailable, path, fix)
	}
	dacl, _, err := sd.DACL()
	if err != nil || dacl == nil {
		return fmt.Errorf("%w: %s has no access list, so everyone may read it: %s", ErrSecretUnavailable, path, fix)
	}
	for i := range uint32(dacl.AceCount) {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return fmt.Errorf("%w: read entry %d of the access list of %s: %w", ErrSecretUnavailable, i, path, err)
		}
		if ace.Header.AceFlags&windows.INHERIT_ONLY_ACE != 0 || ace.Mask&secretReadRights == 0 {
			continue
		}
		switch ace.Header.AceType {
		case windows.ACCESS_ALLOWED_ACE_TYPE:
		case aceAllowedObject, aceAllowedCallback, aceAllowedCallbackObject:
			return fmt.Errorf("%w: %s has an access entry of type %d that may let others read it: %s",
				ErrSecretUnavailable, path, ace.Header.AceType, fix)
		default: // a denying entry only narrows who may read
			continue
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if sid.Equals(owner) || sid.IsWellKnown(windows.WinLocalSystemSid) || sid.IsWellKnown(windows.WinBuiltinAdministratorsSid) {
			continue
		}
		return fmt.Errorf("%w: %s is readable by %s, not only by its owner: %s",
			ErrSecretUnavailable, path, accountName(sid), fix)
	}
	return nil
}

// accountName names sid as DOMAIN\user where it can be looked up, else as S-1-….
func accountName(sid *windows.SID) string {
	if user, domain, _, err := sid.LookupAccount(""); err == nil {
		if domain != "" {
			return domain + `\` + user
		}
		return user
	}
	return sid.String()
}

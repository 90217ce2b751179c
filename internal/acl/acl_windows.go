package acl

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// ErrReadableByOthers is OwnerOnly's answer for a file that someone other than its owner,
// SYSTEM or the Administrators group may read. The error wrapping it names who.
var ErrReadableByOthers = errors.New("readable by others")

// The access rights that let an account read a file's content.
const readRights = windows.FILE_READ_DATA | windows.GENERIC_READ | windows.GENERIC_ALL | windows.MAXIMUM_ALLOWED

// The other kinds of entry that allow access (winnt.h), whose account is not at SidStart.
const (
	aceAllowedObject         = 0x5
	aceAllowedCallback       = 0x9
	aceAllowedCallbackObject = 0xB
)

// OwnerOnly checks the access list of the file at path: every entry that allows reading
// must name its owner, SYSTEM or Administrators. An entry that only denies, or only
// applies to files created below, is ignored. A file without an access list (everyone may
// do anything) fails.
func OwnerOnly(path string) error {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return fmt.Errorf("read the access list of %s: %w", path, err)
	}
	owner, _, err := sd.Owner()
	if err != nil || owner == nil {
		return fmt.Errorf("%w: %s has no owner", ErrReadableByOthers, path)
	}
	dacl, _, err := sd.DACL()
	if err != nil || dacl == nil {
		return fmt.Errorf("%w: %s has no access list, so everyone may read it", ErrReadableByOthers, path)
	}
	for i := range uint32(dacl.AceCount) {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return fmt.Errorf("read entry %d of the access list of %s: %w", i, path, err)
		}
		if ace.Header.AceFlags&windows.INHERIT_ONLY_ACE != 0 || ace.Mask&readRights == 0 {
			continue
		}
		switch ace.Header.AceType {
		case windows.ACCESS_ALLOWED_ACE_TYPE:
		case aceAllowedObject, aceAllowedCallback, aceAllowedCallbackObject:
			return fmt.Errorf("%w: %s has an access entry of type %d that may let others read it",
				ErrReadableByOthers, path, ace.Header.AceType)
		default: // a denying entry only narrows who may read
			continue
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if sid.Equals(owner) || sid.IsWellKnown(windows.WinLocalSystemSid) || sid.IsWellKnown(windows.WinBuiltinAdministratorsSid) {
			continue
		}
		return fmt.Errorf("%w: %s is readable by %s, not only by its owner", ErrReadableByOthers, path, accountName(sid))
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

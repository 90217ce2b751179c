// Package acl checks Windows files for the owner-only protection that mode 0600 gives them
// on Unix, through their access lists: OwnerOnly checks that no one but the owner, SYSTEM
// and the Administrators group may read a file. The package has Windows code only; on Unix
// the callers check modes.
package acl

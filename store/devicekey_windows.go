package store

import "os"

// checkKeyFileAccess accepts the key file on Windows, which has no modes to check: the key
// file is sealed with the passphrase and lives in the data dir, whose access list is the
// user's own under %LOCALAPPDATA% (docs/windows.md). Unlike a {file=...} secret (config),
// it is written by the app itself.
func checkKeyFileAccess(string, os.FileInfo) error { return nil }

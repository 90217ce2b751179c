package store

import "errors"

// Sentinel errors. Every error the package returns that an operator or a caller must act
// on wraps one of these; test with errors.Is.
var (
	// ErrInUse means another process (or another DB value) holds the data dir open.
	ErrInUse = errors.New("the data directory is in use by another Enrol Kiosk process")
	// ErrCorrupt means the database file is damaged or is not an Enrol Kiosk database.
	ErrCorrupt = errors.New("the database file is damaged or not an Enrol Kiosk database")
	// ErrNewerSchema means the file was written by a newer version of Enrol Kiosk.
	ErrNewerSchema = errors.New("the database was written by a newer version of Enrol Kiosk")
	// ErrKeyMissing means the database exists but the device key that encrypts it is gone.
	ErrKeyMissing = errors.New("the device key for this database is missing")
	// ErrWrongKey means a device key was found but it does not open this database.
	ErrWrongKey = errors.New("the device key does not open this database")
	// ErrPassphraseRequired means the device key file is sealed by a passphrase and none was given.
	ErrPassphraseRequired = errors.New("the device key is protected by a passphrase and none was given")
	// ErrWrongPassphrase means the passphrase given does not unseal the device key file.
	ErrWrongPassphrase = errors.New("wrong passphrase for the device key")
	// ErrBadKeyFile means the device key file is unreadable, malformed or too widely readable.
	ErrBadKeyFile = errors.New("the device key file is not valid")
	// ErrDiskFull means there is not enough free disk space for a change (a seal, a
	// compaction, a queue update); nothing of that change was written.
	ErrDiskFull = errors.New("not enough free disk space")
	// ErrNotFound means no enrolment, evidence, draft or value has that name.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous means a short id matches more than one enrolment.
	ErrAmbiguous = errors.New("the short id matches more than one enrolment")
	// ErrTransition means the outbox entry is not in a state that allows the change.
	ErrTransition = errors.New("the enrolment's state does not allow this change")
	// ErrInvalid means the input to a call is incomplete or malformed.
	ErrInvalid = errors.New("invalid input")
	// ErrTampered means an encrypted value or the audit chain failed authentication.
	ErrTampered = errors.New("stored data failed its integrity check")
	// ErrClosed means the DB was used after Close.
	ErrClosed = errors.New("the store is closed")
)

package login

import (
	"context"
	"errors"
)

// Sentinel errors. Their texts are translation keys shown to the operator.
var (
	// ErrBadCredentials means the user name or the password (or the MFA code) is wrong.
	ErrBadCredentials = errors.New("Wrong user name, password or code")
	// ErrMFARequired means the backend wants the code from the operator's authenticator app.
	ErrMFARequired = errors.New("Enter the 6-digit code from your authenticator app")
	// ErrUnreachable means the backend could not be asked; an offline login may be possible.
	ErrUnreachable = errors.New("The backend cannot be reached")
	// ErrNoOfflineLogin means the backend is unreachable and this operator never logged in
	// online on this device, so there is nothing to check the password against.
	ErrNoOfflineLogin = errors.New("The backend cannot be reached and you have not logged in online on this device yet: connect once to enable offline login")
	// ErrLocked means too many failures in a row: wait until the lock ends.
	ErrLocked = errors.New("Too many failed attempts: login is locked for a while")
)

// Operator is who is logged in.
type Operator struct {
	// ID is the operator's user name (what the enrolment records as operator_id).
	ID string `json:"id"`
	// Name is the display name the backend gave, or the ID.
	Name string `json:"name"`
	// Offline is true when the login was checked against the cached verifier.
	Offline bool `json:"-"`
}

// Online logs an operator in against the backend. It returns ErrMFARequired when a code
// is needed and none was given, ErrBadCredentials when refused, and an error wrapping
// ErrUnreachable when the backend could not be asked.
type Online interface {
	Login(ctx context.Context, user, password, code string) (Operator, error)
}

// Auditor records logins in the audit log; *store.DB implements it.
type Auditor interface {
	Record(ctx context.Context, event, detail string) error
}

// Values keeps small encrypted values; *store.DB implements it.
type Values interface {
	Value(ctx context.Context, name string) ([]byte, error)
	PutValue(ctx context.Context, name string, v []byte) error
}

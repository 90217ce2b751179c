package access

import (
	"context"
	"errors"

	"github.com/enrolkiosk/enrolkiosk/sync/auth"
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
	// ErrLocked means too many failures in a row for this user name: wait until the lock
	// ends (a *LockedError says how long).
	ErrLocked = errors.New("Too many failed attempts: login is locked for a while")
	// ErrRateLimited means the backend answered 429: it takes no more logins for now (a
	// *RetryError says when to try again). The offline check is not tried.
	ErrRateLimited = errors.New("The backend is receiving too many logins: try again later")
	// ErrBackendFailing means the backend answered with a server error (5xx) or its
	// failures paused requests to it. The offline check is tried only when the operator
	// asks for it (Service.LoginOffline).
	ErrBackendFailing = errors.New("The backend is failing: try again later, or log in offline")
	// ErrRejected means the backend refused the login request itself (a 4xx other than a
	// refused credential, or an answer of unknown shape): the login API address or the
	// partner key is likely wrong. The offline check is not tried.
	ErrRejected = errors.New("The backend refused the login request: check the login API address and the partner key in Settings")
	// ErrOfflineExpired means this operator's offline login is older than
	// kiosk.offline_login_max_age since their last online login.
	ErrOfflineExpired = errors.New("Your offline login has expired: log in once while the backend can be reached")
	// ErrOfflineMFA means the operator's account asks for a second factor, which the
	// kiosk does not check offline, so it does not let them in offline.
	ErrOfflineMFA = errors.New("Your account needs a second factor, which this kiosk cannot check offline: log in while the backend can be reached")
	// ErrOfflineNotOffered means an offline login was asked for while the backend was
	// neither unreachable nor failing for this user name.
	ErrOfflineNotOffered = errors.New("Offline login is offered only while the backend cannot be reached or is failing")
)

// Operator is who is logged in.
type Operator struct {
	// ID is the operator's user name (what the enrolment records as operator_id).
	ID string `json:"id"`
	// Name is the display name the backend gave, or the ID.
	Name string `json:"name"`
	// Offline is true when the login was checked against the cached verifier.
	Offline bool `json:"-"`
	// Session is the backend's session of an online login (token, expiry, roles), kept
	// for later calls on the operator's behalf; zero offline. It is never stored, and it
	// prints and logs without its token.
	Session auth.Session `json:"-"`
}

// Online logs an operator in against the backend. It returns ErrMFARequired when a code
// is needed and none was given, an error wrapping ErrBadCredentials when refused (with
// the backend's words, see BackendMessage), and an error wrapping ErrUnreachable when the
// backend could not be asked. *Backend implements it.
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
	DeleteValue(ctx context.Context, name string) error
}

// Package login is the operator's login screen. The decisions behind it (online and
// offline login, MFA, lockout) are package access's; the screen asks them through its
// Authenticator interface and shows the answer, in the backend's own words when the
// backend refused the login.
package login

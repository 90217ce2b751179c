// Package auth adds credentials to backend requests: a partner API key (X-API-Key), or a
// bearer token obtained by logging in (username and password, plus a TOTP code when the
// backend asks for MFA), cached in memory and in the store's encrypted values so a
// restart does not log in again, refreshed when it nears expiry or after a 401.
// Signula is the one client of the SIGNula-style operator login (/v1/auth/login and
// /v1/auth/mfa/verify): the kiosk's login (package access) calls it with the code the
// operator typed, and it returns a Session that keeps the token, its expiry and the
// user's roles. A refusal carries the backend's own message (*RefusedError).
// Credentials arrive as values resolved from the configured references; this package
// never logs them, and a Session prints and logs without its token.
package auth

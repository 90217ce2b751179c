// Package auth adds credentials to backend requests: a partner API key (X-API-Key), or a
// bearer token obtained by logging in (username and password, plus a TOTP code when the
// backend asks for MFA), cached in memory and in the store's encrypted values so a
// restart does not log in again, refreshed when it nears expiry or after a 401.
// Credentials arrive as values resolved from the configured references; this package
// never logs them.
package auth

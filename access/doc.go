// Package access is operator access: the online login through sync/auth's SIGNula client
// (with the MFA code when the backend asks for one), the offline verifier (argon2id,
// cached from the operator's last online login, expiring after kiosk.offline_login_max_age,
// revoked when the backend refuses it, never for an MFA account), the lockout per user
// name on elapsed time, and who is an administrator. It has no widgets: the login screen
// in ui/login and the Settings screen ask a Service through interfaces of their own.
package access

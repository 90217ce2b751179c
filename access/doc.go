// Package access is operator access: the online login through sync/auth's SIGNula client
// (with the MFA code when the backend asks for one), the offline verifier (argon2id, cached
// from the operator's last online login) and the lockout after repeated failures. It has
// no widgets: the login screen in ui/login asks a Service through an interface of its own.
package access

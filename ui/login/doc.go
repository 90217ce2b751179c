// Package login signs operators in: online against the backend (with the MFA code when the
// backend asks for one), offline with an argon2id verifier cached from the operator's
// last online login, with a lockout after repeated failures. It holds the login screen
// and the logic behind it; the online call is a consumer-side interface the program wires.
package login

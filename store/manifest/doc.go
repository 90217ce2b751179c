// Package manifest is the signed evidence manifest of an enrolment: a canonical JSON
// document, made when the enrolment is sealed, that names who, when, where and with which
// terms the enrolment was captured and the SHA-256, size and media type of every piece of
// evidence, signed with the installation's Ed25519 device key.
//
// The signature is a plain Ed25519 signature over exactly the bytes of manifest.json, so
// any third party can check it with standard tools:
//
//	openssl pkeyutl -verify -pubin -inkey device.pub.pem -rawin -in manifest.json -sigfile manifest.sig
//
// VerifyDir checks an exported folder with the public key alone. The format is documented
// in docs/evidence.md so that a verifier can be written in any language.
package manifest

// Package store is Enrol Kiosk's durable, encrypted offline queue: one bbolt file that
// holds sealed enrolments, their evidence (in 64 KiB encrypted chunks), the outbox the sync
// worker drains, a hash-chained audit log, encrypted drafts and small secrets, and the
// installation's identity.
//
// Everything personal is encrypted before it reaches the disk with XChaCha20-Poly1305: a
// random data key per enrolment, wrapped by the device key, with the bucket and key of
// every value as associated data. The device key lives in the OS keyring where one is
// available, else in a 0600 file beside the database, optionally sealed by a passphrase.
//
// An enrolment is sealed in a single write transaction (record, evidence, outbox entry,
// audit entry): after a crash either all of it is there or none of it. See docs/store.md.
package store

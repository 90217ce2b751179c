// Package oneshot is the Uanataca One-Shot VideoID profile: create a VideoID request,
// upload the evidences (document images base64 in JSON, streamed from the store), upload
// the selfie video (multipart, streamed), wait for VIDEOREVIEW, approve with the RAO's
// credentials, then poll the request until ENROLLREADY or a refusal.
//
// Paths and envelopes follow shared/specs/oneshot_videoid.yaml and docs/sandbox.md.
// Every POST carries an Idempotency-Key derived from the enrolment and the step, with a
// deterministic body, so a resend after a lost answer is replayed by the backend. The
// RAO token is the one call the vendor does not make idempotent ("A token with these
// credentials already exist!"): the profile lists the existing tokens first and creates
// one only when none matches.
package oneshot

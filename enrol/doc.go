// Package enrol assembles a sealed enrolment from the pieces captured for it: the record
// (applicant data, acceptance, the operator's checks), the ID document pictures, the
// selfie still and video, and the customer's signature. It is the one path from captured
// pieces to what store.Seal takes, used by the wizard (ui/wizard) and by
// `enrolctl enrol --from-dir`, so that both refuse the same input with the same messages.
//
// Validate lists every problem of a set of pieces, field by field; Assemble validates,
// checks that the video plays (capture/video.Inspect), renders the signature image and
// builds the biometric data bound to the terms the customer accepted, and labels every
// blob with its media type (store.Media*). The applicant rules themselves (required
// fields per profile, cédula, CURP, e-mail, mobile) are in enrol/applicant.
//
// It holds no widgets. Every message is a fixed English text that is also the key of its
// translation, so the wizard can show it in the operator's language.
package enrol

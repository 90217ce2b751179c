// Package applicant validates the customer's data, as the operator types it into the
// wizard or as `enrolctl enrol` reads it from applicant.json: required fields per backend
// profile, the Ecuadorian cédula's check digit, the Mexican CURP's format and check
// digit, e-mail addresses and E.164 mobile numbers.
//
// It is pure computation and holds no widgets. Every message is a fixed English text that
// is also the key of its translation (fyne.io/fyne/v2/lang), so the UI can show it in the
// operator's language.
package applicant

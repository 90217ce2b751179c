package main

import (
	"crypto"

	"github.com/google/uuid"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// bind gives rec an id and makes its biometric_data bound to this transaction (terms,
// enrolment id, applicant record, ID images) and signed by key (nil: unsigned, for the
// folder check before the store is open).
func (f *folder) bind(rec store.Enrolment, key crypto.Signer, cfg config.Config) (store.Enrolment, error) {
	if rec.ID == "" {
		rec.ID = uuid.NewString()
	}
	ar, err := store.ApplicantRecord(rec.Applicant)
	if err != nil {
		return rec, err
	}
	b := biodata.NewBinding(rec.Acceptance.TermsSHA256, rec.ID, ar, f.evidence[store.DocumentFront], f.evidence[store.DocumentRear])
	bio, err := biodata.BiometricData(f.sig, b.Hash(), biodata.Options{Recipient: cfg.Signature.TrustedThirdParty,
		CapturedAt: rec.Acceptance.Accepted, Binding: &b, Signer: key})
	if err != nil {
		return rec, err
	}
	bioType := "application/json"
	if biodata.IsAgeEncrypted(bio) {
		bioType = "application/age"
	}
	f.evidence[store.BiometricData], f.types[store.BiometricData] = bio, bioType
	return rec, nil
}

package store

import (
	"time"

	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

// Enrolment is one customer's sealed enrolment: who, what they accepted, what the operator
// attested and which evidence was captured. It is stored encrypted with its own data key.
type Enrolment struct {
	// ID is a random UUID assigned by Seal.
	ID string `json:"id"`
	// Profile is the backend profile the enrolment is delivered with (oneshot, signal, people).
	Profile string `json:"profile"`
	// Created is when the enrolment was sealed, set by Seal (UTC).
	Created time.Time `json:"created"`
	// OperatorID identifies the operator (RAO) who enrolled the customer.
	OperatorID string `json:"operator_id"`
	// Branch is the branch or field team of this device.
	Branch string `json:"branch"`
	// Applicant is the customer's data as typed and validated by the operator.
	Applicant Applicant `json:"applicant"`
	// Acceptance records the customer's consent to the terms.
	Acceptance Acceptance `json:"acceptance"`
	// Checks are the operator's attestations.
	Checks SecurityChecks `json:"security_checks"`
	// Evidence describes every blob sealed with the enrolment, in the order given to Seal.
	Evidence []Evidence `json:"evidence"`
	// Location is where the device was when known (config location), else nil.
	Location *manifest.Location `json:"location,omitempty"`
	// Manifest is the canonical manifest made by Seal (store/manifest) and ManifestSig its
	// Ed25519 signature by the device key; both empty for enrolments sealed before them.
	Manifest    []byte `json:"manifest,omitempty"`
	ManifestSig []byte `json:"manifest_sig,omitempty"`
	// Amends is the id of the rejected enrolment this one corrects (DB.Amend), if any.
	Amends string `json:"amends,omitempty"`
}

// ShortIDLen is the number of characters of an ID shown to operators.
const ShortIDLen = 8

// ShortID returns the first ShortIDLen characters of id, for display.
func ShortID(id string) string {
	if len(id) <= ShortIDLen {
		return id
	}
	return id[:ShortIDLen]
}

// ShortID returns the enrolment's id shortened for display.
func (e *Enrolment) ShortID() string { return ShortID(e.ID) }

// EvidenceOf returns the description of the evidence of kind k, if it was sealed.
func (e *Enrolment) EvidenceOf(k EvidenceKind) (Evidence, bool) {
	for _, ev := range e.Evidence {
		if ev.Kind == k {
			return ev, true
		}
	}
	return Evidence{}, false
}

// Applicant is the customer's data. Field names mirror the backend seeds.
type Applicant struct {
	GivenName         string `json:"given_name"`
	Surname1          string `json:"surname_1"`
	Surname2          string `json:"surname_2,omitempty"`
	IDDocumentType    string `json:"id_document_type"`     // IDC, PAS, ...
	IDDocumentCountry string `json:"id_document_country"`  // ISO 3166-1 alpha-2
	SerialNumber      string `json:"serial_number"`        // the ID number: cédula, DNI, CURP
	BirthDate         string `json:"birth_date,omitempty"` // YYYY-MM-DD
	Nationality       string `json:"nationality,omitempty"`
	Email             string `json:"email,omitempty"`
	MobilePhoneNumber string `json:"mobile_phone_number,omitempty"` // E.164
	ResidenceAddress  string `json:"residence_address,omitempty"`
	ResidenceCity     string `json:"residence_city,omitempty"`
	Residence         string `json:"residence,omitempty"` // country, ISO 3166-1 alpha-2
	CURP              string `json:"curp,omitempty"`      // Mexico's People API
}

// Acceptance records the customer's consent to the terms.
type Acceptance struct {
	TermsVersion string `json:"terms_version"`
	// TermsSHA256 is the lower-case hex SHA-256 of the exact terms text shown.
	TermsSHA256 string    `json:"terms_sha256,omitempty"`
	Accepted    time.Time `json:"accepted"`
	IP          string    `json:"ip,omitempty"`
	UserAgent   string    `json:"user_agent,omitempty"`
	Operator    string    `json:"operator,omitempty"`
	Device      string    `json:"device,omitempty"`
}

// SecurityChecks are the operator's attestations made while enrolling.
type SecurityChecks struct {
	OriginalDocumentSeen bool `json:"original_document_seen"`
	FaceMatches          bool `json:"face_matches"`
	NotExpired           bool `json:"not_expired"`
}

package enrol

import (
	"crypto"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

// Pieces is everything captured for one enrolment, before it is assembled.
type Pieces struct {
	// ID is the enrolment's UUID; "" lets the store choose one.
	ID string
	// Profile is the backend profile ("oneshot", "signal", "people"): it decides which
	// applicant fields and which pieces are required.
	Profile    string
	Branch     string
	OperatorID string

	Applicant  store.Applicant
	Acceptance store.Acceptance
	Checks     store.SecurityChecks
	// Location is where the device was, when known; it is recorded in the manifest.
	Location *manifest.Location

	// Front and Rear are the ID document's sides as capture/document made them; Owner is
	// the selfie still as SelfieJPEG made it. All three are JPEGs.
	Front, Rear, Owner []byte
	// Video is the selfie clip (WebM/VP8); empty when the profile does not need one.
	Video []byte
	// Signature is the customer's handwritten signature; nil until they signed.
	Signature *signature.Signature
	// Terms is the text the customer accepted; its SHA-256 is Acceptance.TermsSHA256 when
	// that is empty. The biometric data is bound to it together with the enrolment id,
	// the applicant record and the ID images (biodata.Binding). Its time is
	// Acceptance.Accepted.
	Terms []byte
	// MRZ is the machine readable zone read off the ID document; nil when none was read.
	// Assemble seals it, compared with Applicant, as store.DocumentMRZ evidence.
	MRZ *MRZ
}

// MRZ is the machine readable zone of the ID document as the wizard read it.
type MRZ struct {
	// Side is the picture it was read from: store.DocumentFront or DocumentRear.
	Side store.EvidenceKind `json:"side"`
	// Result is the parsed zone.
	Result mrz.Result `json:"result"`
	// Confirmed means the operator checked the typed fields that disagree with the zone
	// against the document and keeps them.
	Confirmed bool `json:"confirmed"`
}

// Options is how Assemble builds what it cannot take from the pieces.
type Options struct {
	// TrustedThirdParty is the age recipient the biometric data is encrypted to; ""
	// leaves it plain.
	TrustedThirdParty string
	// DeviceKey signs the biometric record inside its envelope, before any encryption;
	// nil leaves it unsigned (a folder checked before the store is open).
	DeviceKey crypto.Signer
	// Now is the clock the applicant's age is checked against; nil means time.Now.
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// NeedsVideo reports whether profile needs the selfie video (One-Shot VideoID does).
func NeedsVideo(profile string) bool { return profile == "oneshot" }

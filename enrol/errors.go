package enrol

import "errors"

// Sentinel errors of Validate, one per missing piece; their texts are translation keys
// and the wizard's steps show the same ones.
var (
	// ErrNoPicture means an ID document side has no picture.
	ErrNoPicture = errors.New("Take a photo or import a scan of the document first")
	// ErrNoSelfie means there is no selfie still.
	ErrNoSelfie = errors.New("Take the customer's selfie first")
	// ErrNoVideo means the profile needs a selfie video and there is none.
	ErrNoVideo = errors.New("Record the selfie video first: this backend profile needs it")
	// ErrNotAccepted means the customer's acceptance of the terms is missing.
	ErrNotAccepted = errors.New("The customer must read and accept the terms to go on")
	// ErrNoSignature means the customer has not signed.
	ErrNoSignature = errors.New("The customer has not signed yet: open the signature pad")
	// ErrChecklist means one of the operator's attestations is missing.
	ErrChecklist = errors.New("Confirm every check. If one is not true, do not enrol this customer")
	// ErrMRZMismatch means a typed field disagrees with the document's machine readable
	// zone and the operator has not confirmed it against the document.
	ErrMRZMismatch = errors.New("Differs from the document's machine readable zone: correct it, or confirm it against the document")
	// ErrExpired means the document's machine readable zone gives an expiry date in the past.
	ErrExpired = errors.New("The document has expired (by its machine readable zone): it cannot be used to enrol")
)

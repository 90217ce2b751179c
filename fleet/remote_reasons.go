package fleet

// Reasons a remote configuration is refused or not fetched, as counted in metrics.
const (
	ReasonFetch     = "fetch"     // the document or its signature could not be fetched
	ReasonUnsigned  = "unsigned"  // no signature was published beside the document
	ReasonSignature = "signature" // the signature does not verify with fleet.admin_key
	ReasonInvalid   = "invalid"   // the document is not a valid configuration
	ReasonWeakens   = "weakens"   // the document would weaken the kiosk's protection
	ReasonApply     = "apply"     // it could not be saved or recorded
)

// ConfigFailureReasons lists every reason in report order.
var ConfigFailureReasons = []string{ReasonFetch, ReasonUnsigned, ReasonSignature, ReasonInvalid, ReasonWeakens, ReasonApply}

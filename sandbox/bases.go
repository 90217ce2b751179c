package sandbox

// Base paths of the APIs on the one sandbox server (docs/sandbox.md, "One server, base
// URLs"): a client's configured base URL is the server's root followed by these.
const (
	// OneShotBase is the One-Shot VideoID API's base path.
	OneShotBase = ""
	// SignalBase is the Signal API's base path.
	SignalBase = "/signal"
	// PeopleBase is the People API's base path.
	PeopleBase = "/people/api/v1"
	// AuthBase is where the SIGNula-style operator login API (/v1/auth/...) lives.
	AuthBase = ""
	// BiometricBase is the Biometric Signature API's base path.
	BiometricBase = ""
)

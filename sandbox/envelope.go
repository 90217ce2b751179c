package sandbox

import (
	"net/http"
	"strings"
)

// api names the API a path belongs to; each API answers errors in its own envelope.
type api string

// The APIs the sandbox serves (docs/sandbox.md gives their base paths).
const (
	apiOneShot   api = "oneshot"
	apiSignal    api = "signal"
	apiSignula   api = "signula"
	apiPeople    api = "people"
	apiBiometric api = "biometric"
	apiAdmin     api = "sandbox"
)

// apiOf maps a request path to its API.
func apiOf(path string) api {
	switch {
	case strings.HasPrefix(path, "/_sandbox/"):
		return apiAdmin
	case strings.HasPrefix(path, "/signal/"):
		return apiSignal
	case strings.HasPrefix(path, "/people/"):
		return apiPeople
	case strings.HasPrefix(path, "/v1/orgs/"):
		return apiBiometric
	case strings.HasPrefix(path, "/v1/"):
		return apiSignula
	}
	return apiOneShot
}

// errorBody builds an error answer in the envelope of the API that path belongs to.
func errorBody(path string, code int, msg string) any {
	switch apiOf(path) {
	case apiSignal:
		return map[string]any{"status": code, "message": msg}
	case apiSignula:
		return signulaFail(msg, nil)
	case apiPeople:
		return map[string]any{"success": false, "code": code, "error": msg}
	case apiBiometric:
		return biometricErrors(code, msg)
	case apiAdmin:
		return map[string]any{"error": msg}
	}
	return oneShotBody(code, msg)
}

// writeError answers code and msg in the envelope of the request's API.
func writeError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	writeJSON(w, code, errorBody(r.URL.Path, code, msg))
}

// signulaFail is the SIGNula failure envelope {success:false, message, errors}.
func signulaFail(msg string, errs []fieldMsg) map[string]any {
	if errs == nil {
		errs = []fieldMsg{}
	}
	return map[string]any{"success": false, "message": msg, "errors": errs}
}

// fieldMsg is one entry of SIGNula's errors list.
type fieldMsg struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// biometricError is one entry of the Biometric Signature API's {"errors": [...]} schema.
type biometricError struct {
	Code    string `json:"code"`
	Title   string `json:"title"`
	Ref     string `json:"ref"`
	Details string `json:"details"`
}

func biometricErrors(code int, msg string, ref ...string) map[string]any {
	e := biometricError{Code: strings.ToUpper(strings.ReplaceAll(http.StatusText(code), " ", "_")),
		Title: http.StatusText(code), Details: msg}
	if len(ref) > 0 {
		e.Ref = ref[0]
	}
	return map[string]any{"errors": []biometricError{e}}
}

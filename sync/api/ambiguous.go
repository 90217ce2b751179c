package api

import (
	"errors"
	"net"
	"net/http"

	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// ErrAmbiguous means a request may or may not have reached the backend: it was sent and
// no answer that says what happened came back. A request marked NoResend is then not sent
// again; the caller asks the backend (reconciles) or an operator decides.
var ErrAmbiguous = errors.New("the request may have reached the backend, but its answer was lost")

// AmbiguousError is the failure of a NoResend request whose outcome is unknown. It wraps
// ErrAmbiguous and the attempt's *StatusError.
type AmbiguousError struct {
	*StatusError
}

func (e *AmbiguousError) Error() string { return ErrAmbiguous.Error() + ": " + e.StatusError.Error() }

// Unwrap returns ErrAmbiguous and the attempt's error.
func (e *AmbiguousError) Unwrap() []error { return []error{ErrAmbiguous, e.StatusError} }

// Ambiguous reports whether a failed attempt may have been carried out by the backend:
// no answer came back after the connection was made (a reset, a stall, a broken answer),
// or the answer was 500, 502 or 504 (a server or a gateway that may have failed after
// the work was done). A refused connection, a DNS failure, 503, 408, 429 and refusals
// (4xx) say the request was not carried out.
func Ambiguous(e *StatusError) bool {
	if e.Class != retry.Transient {
		return false
	}
	switch e.Status {
	case 0:
		var op *net.OpError
		if errors.As(e.Err, &op) && op.Op == "dial" {
			return false
		}
		var dns *net.DNSError
		return !errors.As(e.Err, &dns)
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

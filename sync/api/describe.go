package api

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"syscall"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// wordedError is a failure in the operator's words that keeps its cause for errors.Is.
type wordedError struct {
	msg string
	err error
}

func (e *wordedError) Error() string { return e.msg }
func (e *wordedError) Unwrap() error { return e.err }

// describe words a transport failure of a request to host for the operator: a refused
// connection, a TLS problem, a name that does not resolve, a connection cut. The URL
// (which may carry personal data in its path) is left out; the cause stays wrapped.
func describe(host string, err error) error {
	var ue *url.Error
	inner := err
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	var (
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		record    tls.RecordHeaderError
		verify    *tls.CertificateVerificationError
		alert     tls.AlertError
		dns       *net.DNSError
	)
	var msg string
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		msg = "the backend refused the connection: nothing answers at " + host + " (is it running, is the URL right?)"
	case errors.As(err, &unknownCA):
		msg = "TLS error: the certificate of " + host + " is not signed by an authority this device trusts (check backend.ca_bundle)"
	case errors.As(err, &hostname):
		msg = "TLS error: the certificate of " + host + " is for another host: " + hostname.Error()
	case errors.As(err, &invalid):
		msg = "TLS error: the certificate of " + host + " is not valid: " + invalid.Error()
	case errors.As(err, &verify):
		msg = "TLS error: the certificate of " + host + " does not verify: " + verify.Err.Error()
	case errors.As(err, &record):
		msg = "TLS error: " + host + " did not answer in TLS (does it speak plain http?)"
	case errors.As(err, &alert):
		msg = "TLS error: " + host + " ended the handshake: " + alert.Error()
	case errors.As(err, &dns):
		msg = "the name " + dns.Name + " does not resolve (check the backend URL and the network)"
	case errors.Is(err, syscall.ECONNRESET):
		msg = "the connection to " + host + " was reset"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		msg = "the connection to " + host + " closed before the answer was complete"
	default:
		return fmt.Errorf("%w", inner)
	}
	return &wordedError{msg: msg, err: err}
}

// waitWords says until when a server asked us to wait, in local time ("14:05", or with
// the day when it is not today), and says so when the wait asked was absurd.
func waitWords(w retry.Wait, now time.Time) string {
	at := clockWords(now.Add(w.Delay), now)
	if w.Absurd {
		return fmt.Sprintf("the backend asked us to wait %s, which cannot be meant: waiting %s instead, until %s", span(w.Asked), span(w.Delay), at)
	}
	return "the backend asked us to wait until " + at
}

// span words a long duration roughly: "10 years", "40 days", "a day", "5 hours".
func span(d time.Duration) string {
	days := d.Hours() / 24
	switch {
	case days >= 2*365:
		return fmt.Sprintf("%.0f years", days/365)
	case days >= 1.5:
		return fmt.Sprintf("%.0f days", days)
	case days >= 1:
		return "a day"
	}
	return fmt.Sprintf("%.0f hours", d.Hours())
}

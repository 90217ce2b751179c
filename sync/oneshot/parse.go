package oneshot

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// errAnswer means a 2xx answer did not have the shape the vendor documents.
var errAnswer = errors.New("unexpected answer from One-Shot")

// maxTokensAnswer bounds the answer of GET /api/v1/tokens, which lists every token of
// the organisation (docs/sync.md); other answers keep api.DefaultMaxAnswer.
const maxTokensAnswer = 8 << 20

// envelope is {"status": "200 OK", "details": ...}.
type envelope[T any] struct {
	Status  string `json:"status"`
	Details T      `json:"details"`
}

func decode[T any](b []byte) (T, error) {
	var e envelope[T]
	if err := api.DecodeJSON(b, &e); err != nil {
		var zero T
		return zero, fmt.Errorf("%w: %w", errAnswer, err)
	}
	return e.Details, nil
}

// created is the details of POST /api/v1/videoid.
type created struct {
	RequestPK json.Number `json:"request_pk"`
	VideoIDPK json.Number `json:"videoid_pk"`
}

func parseCreated(b []byte) (created, error) {
	c, err := decode[created](b)
	if err != nil {
		return c, err
	}
	if !isPK(c.RequestPK.String()) {
		return c, fmt.Errorf("%w: no request_pk in the create answer", errAnswer)
	}
	return c, nil
}

// isPK accepts a positive decimal integer of at most 19 digits.
func isPK(s string) bool {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

// request is the details of GET /api/v1/request/{pk}.
type request struct {
	Status       string   `json:"status"`
	GivenName    string   `json:"given_name"`
	SerialNumber string   `json:"serial_number"`
	Missing      []string `json:"missing_evidences"`
	ChecksFailed []string `json:"failed_security_checks"`
}

func parseRequest(b []byte) (request, error) {
	r, err := decode[request](b)
	if err != nil {
		return r, err
	}
	if r.Status == "" {
		return r, fmt.Errorf("%w: no status in the request answer", errAnswer)
	}
	return r, nil
}

// tokenInfo is one entry of GET /api/v1/tokens.
type tokenInfo struct {
	Username string `json:"username"`
	Password bool   `json:"password"`
	PIN      bool   `json:"pin"`
}

// findToken returns the uid of a token holding username with password and PIN.
func findToken(b []byte, username string) (string, error) {
	m, err := decode[map[string]tokenInfo](b)
	if err != nil {
		return "", err
	}
	best := ""
	for uid, t := range m {
		if t.Username == username && t.Password && t.PIN && (best == "" || uid < best) {
			best = uid
		}
	}
	return best, nil
}

func parseToken(b []byte) (string, error) {
	uid, err := decode[string](b)
	if err != nil {
		return "", err
	}
	if uid == "" {
		return "", fmt.Errorf("%w: no token uid in the answer", errAnswer)
	}
	return uid, nil
}

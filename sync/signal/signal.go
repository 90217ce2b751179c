// Package signal is the Signal API profile (shared/seeds/000, docs/sandbox.md): one
// POST /sign carrying the applicant data and the three document images as base64,
// streamed from the store, then GET /sign/{pk} until ENROLLREADY. The caller's client
// logs in with POST /auth/login and sends the bearer token (sync/auth).
package signal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// Name is the profile's configuration name.
const Name = "signal"

// StepSign is the single delivery step.
const StepSign = "sign"

// Config holds what the profile sends besides the enrolment.
type Config struct {
	RegistrationAuthority string
	CertProfile           string
	// PollInterval is the wait between status polls (default 5s).
	PollInterval time.Duration
}

// Doer sends API requests; *api.Client implements it.
type Doer interface {
	Do(ctx context.Context, req api.Request) (*api.Response, error)
}

// Profile is the Signal profile.
type Profile struct {
	c   Doer
	cfg Config
}

var _ ksync.Profile = (*Profile)(nil)

// New returns the profile sending through c (which must authenticate with a bearer token).
func New(c Doer, cfg Config) *Profile {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 5 * time.Second
	}
	return &Profile{c: c, cfg: cfg}
}

// Name returns "signal".
func (p *Profile) Name() string { return Name }

// Steps returns the sign step.
// The Signal API has no search: a sign whose answer was lost cannot be looked up, so the
// step is Blind (parked for an operator rather than sent twice).
func (p *Profile) Steps() []ksync.Step {
	return []ksync.Step{{Name: StepSign, Run: p.sign, Blind: true,
		Sends: "POST /sign (a new signature request with the applicant's data and documents)"}}
}

func (p *Profile) sign(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	a := j.Record.Applicant
	jb := body.NewJSONBuilder()
	doc := map[string]any{
		"given_name": a.GivenName, "surname_1": a.Surname1, "id_document_type": a.IDDocumentType,
		"id_document_country": a.IDDocumentCountry, "serial_number": a.SerialNumber, "email": a.Email,
		"mobile_phone_number": a.MobilePhoneNumber, "registration_authority": p.cfg.RegistrationAuthority,
		"profile": p.cfg.CertProfile,
	}
	for k, v := range map[string]string{"surname_2": a.Surname2, "residence_address": a.ResidenceAddress,
		"residence_city": a.ResidenceCity, "residence": a.Residence} {
		if v != "" {
			doc[k] = v
		}
	}
	for _, k := range []store.EvidenceKind{store.DocumentFront, store.DocumentRear, store.DocumentOwner} {
		src, err := j.Evidence(k)
		if err != nil {
			return nil, &ksync.Refused{Reason: err.Error() + ": Signal needs the front, the rear and the selfie"}
		}
		doc[string(k)] = jb.Base64(src)
	}
	b, err := jb.Build(doc)
	if err != nil {
		return nil, err
	}
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodPost, Path: "/sign", Body: b,
		IdempotencyKey: api.Key(j.ID, StepSign), Progress: j.Progress(), NoResend: true})
	if err != nil {
		return nil, err
	}
	d, err := parseSign(resp.Body)
	if err != nil {
		return nil, err
	}
	return map[string]string{"sign_pk": d.PK.String()}, nil
}

// Poll reads GET /sign/{pk}.
func (p *Profile) Poll(ctx context.Context, j *ksync.Job) (ksync.Status, error) {
	pk := j.Result("sign_pk")
	if pk == "" {
		return ksync.Status{}, fmt.Errorf("enrolment %s has no saved sign_pk: the sign step did not complete", j.ID)
	}
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodGet, Path: "/sign/" + pk})
	if err != nil {
		return ksync.Status{}, err
	}
	d, err := parseSign(resp.Body)
	if err != nil {
		return ksync.Status{}, err
	}
	st := ksync.Status{Name: d.Status}
	switch d.Status {
	case "ENROLLREADY":
		st.Final, st.Accepted = true, true
	case "VIDEOERROR", "CANCELLED", "REJECTED":
		st.Final, st.Reason = true, "Signal refused the request"
	}
	return st, nil
}

// errAnswer means a 2xx answer did not have the documented shape.
var errAnswer = errors.New("unexpected answer from Signal")

type signDetails struct {
	PK     json.Number `json:"pk"`
	Status string      `json:"status"`
}

func parseSign(b []byte) (signDetails, error) {
	var env struct {
		Details signDetails `json:"details"`
	}
	if err := api.DecodeJSON(b, &env); err != nil {
		return signDetails{}, fmt.Errorf("%w: %w", errAnswer, err)
	}
	d := env.Details
	if s := d.PK.String(); s == "" || strings.Trim(s, "0123456789") != "" || d.Status == "" {
		return signDetails{}, fmt.Errorf("%w: no pk or status", errAnswer)
	}
	return d, nil
}

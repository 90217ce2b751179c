package oneshot

import (
	"context"
	"fmt"
	"net/http"
	stdsync "sync"
	"time"

	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// Name is the profile's configuration name.
const Name = "oneshot"

// Config holds the resolved values the profile sends. Credentials are values here:
// the caller resolves them from the configured references and never logs them.
type Config struct {
	// RegistrationAuthority is the RA id (for example "139").
	RegistrationAuthority string
	// CertProfile is the certificate profile requested.
	CertProfile string
	// Env is "sandbox" or "prod".
	Env string
	// BillingUsername and BillingPassword (base64, as the vendor expects) pay for the request.
	BillingUsername, BillingPassword string
	// RAOUsername, RAOPassword and RAOPIN approve the request.
	RAOUsername, RAOPassword, RAOPIN string
	// PollInterval is the wait between status polls (default 5s).
	PollInterval time.Duration
}

// Doer sends API requests; *api.Client implements it.
type Doer interface {
	Do(ctx context.Context, req api.Request) (*api.Response, error)
}

// Profile is the One-Shot VideoID profile.
type Profile struct {
	c   Doer
	cfg Config

	mu    stdsync.Mutex
	token string // RAO token uid, found or created once per process
}

var (
	_ ksync.Profile = (*Profile)(nil)
	_ Doer          = (*api.Client)(nil)
)

// New returns the profile sending through c.
func New(c Doer, cfg Config) *Profile {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 5 * time.Second
	}
	return &Profile{c: c, cfg: cfg}
}

// Name returns "oneshot".
func (p *Profile) Name() string { return Name }

// Step names, also the names of the values they save.
const (
	StepCreate    = "create"
	StepEvidences = "evidences"
	StepVideo     = "video"
	StepApprove   = "approve"
)

// Steps returns create, evidences, video and approve.
func (p *Profile) Steps() []ksync.Step {
	return []ksync.Step{
		// One-Shot has no way to list or search requests: a create whose answer was lost
		// cannot be looked up, and a resend is a second, billed request.
		{Name: StepCreate, Run: p.create, Blind: true,
			Sends: "POST /api/v1/videoid (a new video identification request, billed to the billing account)"},
		{Name: StepEvidences, Run: p.evidences, Reconcile: p.evidencesArrived,
			Sends: "POST /api/v1/videoid/{pk}/evidences (images and OCR data)"},
		{Name: StepVideo, Run: p.video, Reconcile: p.videoArrived,
			Sends: "POST /api/v1/videoid/{pk}/evidences/video (the selfie video)"},
		{Name: StepApprove, Run: p.approve, Reconcile: p.approvedArrived,
			Sends: "POST /api/v1/requests/{pk}/approve (the RAO's approval)"},
	}
}

func (p *Profile) requestPK(j *ksync.Job) (string, error) {
	pk := j.Result("request_pk")
	if !isPK(pk) {
		return "", fmt.Errorf("enrolment %s has no saved request_pk: the create step did not complete", j.ID)
	}
	return pk, nil
}

// status reads the request's status.
func (p *Profile) status(ctx context.Context, pk string) (request, error) {
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodGet, Path: "/api/v1/request/" + pk})
	if err != nil {
		return request{}, err
	}
	return parseRequest(resp.Body)
}

// Poll maps the request's status to the worker's verdict.
func (p *Profile) Poll(ctx context.Context, j *ksync.Job) (ksync.Status, error) {
	pk, err := p.requestPK(j)
	if err != nil {
		return ksync.Status{}, err
	}
	r, err := p.status(ctx, pk)
	if err != nil {
		return ksync.Status{}, err
	}
	st := ksync.Status{Name: r.Status}
	switch r.Status {
	case "ENROLLREADY":
		st.Final, st.Accepted = true, true
	case "VIDEOERROR", "CANCELLED", "VIDEOINCOMPLETE":
		st.Final, st.Reason = true, refusal(r)
	}
	return st, nil
}

func refusal(r request) string {
	switch {
	case len(r.ChecksFailed) > 0:
		return fmt.Sprintf("security checks failed: %v", r.ChecksFailed)
	case len(r.Missing) > 0:
		return fmt.Sprintf("evidences missing: %v", r.Missing)
	case r.Status == "CANCELLED":
		return "the request was cancelled at the backend"
	}
	return "the backend could not validate the video identification"
}

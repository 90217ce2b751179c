// Package biometric is the Biometric Signature API step that can follow any profile: it
// sends the signature's ISO/IEC 19794-7 record (biometric_data) and its PNG image
// (signature_image), both base64 in JSON streamed from the store, to
// POST /v1/orgs/{org_id}/biometric_signs/{sign_id}, with the enrolment id as sign_id.
//
// The backend answers 409 when a sign_id was already received; the step then reads the
// sign back (GET on the same path) and counts it as delivered, so a lost 204 never
// turns into a rejection or a second signature.
package biometric

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// StepName is the step's name in the outbox.
const StepName = "biometric"

// Field limits of the API, in characters of the base64 text as sent.
const (
	MaxBiometricData = 300_000
	MaxSignatureImg  = 500_000
)

// Doer sends API requests; *api.Client implements it.
type Doer interface {
	Do(ctx context.Context, req api.Request) (*api.Response, error)
}

var _ Doer = (*api.Client)(nil)

// Step returns the biometric step sending through c for organisation orgID.
func Step(c Doer, orgID string) ksync.Step {
	return ksync.Step{Name: StepName, Run: func(ctx context.Context, j *ksync.Job) (map[string]string, error) {
		return run(ctx, c, orgID, j)
	}, Reconcile: func(ctx context.Context, j *ksync.Job) (map[string]string, error) {
		return arrived(ctx, c, orgID, j)
	}, Sends: "POST /v1/orgs/{org}/biometric_signs/{id} (the biometric signature)"}
}

func run(ctx context.Context, c Doer, orgID string, j *ksync.Job) (map[string]string, error) {
	if !j.HasEvidence(store.BiometricData) || !j.HasEvidence(store.SignatureImage) {
		return map[string]string{StepName: "skipped: no handwritten signature in this enrolment"}, nil
	}
	path := "/v1/orgs/" + url.PathEscape(orgID) + "/biometric_signs/" + url.PathEscape(j.ID)
	b, err := requestBody(j)
	if err != nil {
		return nil, err
	}
	_, err = c.Do(ctx, api.Request{Method: http.MethodPost, Path: path, Body: b,
		IdempotencyKey: api.Key(j.ID, StepName), Progress: j.Progress(), NoResend: true})
	var se *api.StatusError
	if errors.As(err, &se) && se.Status == http.StatusConflict {
		// Already received (our earlier attempt whose answer was lost): confirm it is there.
		if _, gerr := c.Do(ctx, api.Request{Method: http.MethodGet, Path: path}); gerr != nil {
			return nil, fmt.Errorf("the backend says sign %s exists but cannot show it: %w", j.ID, gerr)
		}
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{"sign_id": j.ID}, nil
}

func requestBody(j *ksync.Job) (*body.Body, error) {
	jb := body.NewJSONBuilder()
	doc := map[string]any{}
	for _, f := range []struct {
		kind store.EvidenceKind
		max  int64
	}{{store.BiometricData, MaxBiometricData}, {store.SignatureImage, MaxSignatureImg}} {
		src, err := j.Evidence(f.kind)
		if err != nil {
			return nil, err
		}
		if n := (src.Size + 2) / 3 * 4; n > f.max {
			return nil, &ksync.Refused{Reason: fmt.Sprintf("%s is %d characters in base64, over the API's limit of %d: capture the signature again",
				f.kind, n, f.max)}
		}
		doc[string(f.kind)] = jb.Base64(src)
	}
	return jb.Build(doc)
}

// arrived reconciles a lost answer: a GET of the signature's path finds it once received.
func arrived(ctx context.Context, c Doer, orgID string, j *ksync.Job) (map[string]string, error) {
	path := "/v1/orgs/" + url.PathEscape(orgID) + "/biometric_signs/" + url.PathEscape(j.ID)
	_, err := c.Do(ctx, api.Request{Method: http.MethodGet, Path: path})
	var se *api.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{"sign_id": j.ID}, nil
}

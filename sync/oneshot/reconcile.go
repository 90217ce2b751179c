package oneshot

import (
	"context"
	"errors"
	"net/http"

	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
)

// evidencesArrived reconciles a lost evidences answer: the request's status shows the
// OCR data (names, serial number) once the evidences were received.
func (p *Profile) evidencesArrived(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	pk, err := p.requestPK(j)
	if err != nil {
		return nil, err
	}
	r, err := p.status(ctx, pk)
	if err != nil {
		return nil, err
	}
	if r.SerialNumber == "" && r.GivenName == "" {
		return nil, nil
	}
	return map[string]string{StepEvidences: "done (found at the backend)"}, nil
}

// videoArrived reconciles a lost video answer: the request's video can be downloaded
// once it was received (404 before).
func (p *Profile) videoArrived(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	pk, err := p.requestPK(j)
	if err != nil {
		return nil, err
	}
	_, err = p.c.Do(ctx, api.Request{Method: http.MethodGet, Path: "/api/v1/videoid/" + pk + "/download/video",
		Header: http.Header{"Range": {"bytes=0-0"}}})
	var se *api.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{StepVideo: "done (found at the backend)"}, nil
}

// approvedArrived reconciles a lost approve answer: ENROLLREADY means it went through.
// A request still in VIDEOREVIEW is approved again (the vendor answers a second approve
// like the first; it bills nothing).
func (p *Profile) approvedArrived(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	pk, err := p.requestPK(j)
	if err != nil {
		return nil, err
	}
	r, err := p.status(ctx, pk)
	if err != nil || r.Status != "ENROLLREADY" {
		return nil, err
	}
	return map[string]string{StepApprove: "done (found at the backend)"}, nil
}

package oneshot

import (
	"context"
	"net/http"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// post sends one step's request. The create and the uploads are never resent after an
// attempt whose outcome is unknown (NoResend): One-Shot does not document
// Idempotency-Key, so the worker reconciles first (or parks a create).
func (p *Profile) post(ctx context.Context, j *ksync.Job, step, path string, b *body.Body) (*api.Response, error) {
	return p.c.Do(ctx, api.Request{Method: http.MethodPost, Path: path, Body: b,
		IdempotencyKey: api.Key(j.ID, step), Progress: j.Progress(), NoResend: true})
}

func (p *Profile) create(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	a := j.Record.Applicant
	b, err := body.NewJSONBuilder().Build(map[string]string{
		"mobile_phone_number": a.MobilePhoneNumber, "email": a.Email,
		"registration_authority": p.cfg.RegistrationAuthority, "profile": p.cfg.CertProfile,
		"billing_username": p.cfg.BillingUsername, "billing_password": p.cfg.BillingPassword, "env": p.cfg.Env,
	})
	if err != nil {
		return nil, err
	}
	resp, err := p.post(ctx, j, StepCreate, "/api/v1/videoid", b)
	if err != nil {
		return nil, err
	}
	c, err := parseCreated(resp.Body)
	if err != nil {
		return nil, err
	}
	return map[string]string{"request_pk": c.RequestPK.String(), "videoid_pk": c.VideoIDPK.String()}, nil
}

func (p *Profile) evidences(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	pk, err := p.requestPK(j)
	if err != nil {
		return nil, err
	}
	jb := body.NewJSONBuilder()
	images := map[string]any{}
	for _, k := range []store.EvidenceKind{store.DocumentFront, store.DocumentRear, store.DocumentOwner} {
		if !j.HasEvidence(k) {
			continue // the backend answers VIDEOINCOMPLETE naming it: the operator sees why
		}
		src, err := j.Evidence(k)
		if err != nil {
			return nil, err
		}
		images[string(k)] = jb.Base64(src)
	}
	r := j.Record
	a := r.Applicant
	doc := map[string]any{
		"acceptance": map[string]string{
			"description": "User accepted the terms and conditions (version " + r.Acceptance.TermsVersion + ") and the privacy policy",
			"ip":          r.Acceptance.IP, "user-agent": r.Acceptance.UserAgent,
			"date": r.Acceptance.Accepted.UTC().Format(time.RFC3339),
		},
		"videoid_data": map[string]any{
			"images": images,
			"ocr_data": map[string]string{
				"given_name": a.GivenName, "surname_1": a.Surname1, "surname_2": a.Surname2,
				"mobile_phone_number": a.MobilePhoneNumber, "email": a.Email, "serial_number": a.SerialNumber,
				"id_document_type": a.IDDocumentType, "id_document_country": a.IDDocumentCountry,
			},
			"security_checks": map[string]bool{
				"document_notcopy": r.Checks.OriginalDocumentSeen, "documents_match": r.Checks.FaceMatches,
				"document_notexpired": r.Checks.NotExpired,
			},
		},
	}
	b, err := jb.Build(doc)
	if err != nil {
		return nil, err
	}
	if _, err := p.post(ctx, j, StepEvidences, "/api/v1/videoid/"+pk+"/evidences", b); err != nil {
		return nil, err
	}
	return map[string]string{StepEvidences: "done"}, nil
}

func (p *Profile) video(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	pk, err := p.requestPK(j)
	if err != nil {
		return nil, err
	}
	src, err := j.Evidence(store.Video)
	if err != nil { // it will never appear: the operator must enrol again
		return nil, &ksync.Refused{Reason: err.Error() + ": One-Shot VideoID needs the selfie video"}
	}
	ev, _ := j.Record.EvidenceOf(store.Video)
	name := "selfie.webm"
	if ev.ContentType == "video/mp4" {
		name = "selfie.mp4"
	}
	key := api.Key(j.ID, StepVideo)
	b, err := body.Multipart([]body.Field{{Name: "video", FileName: name, ContentType: ev.ContentType, Src: &src}}, body.Boundary(key))
	if err != nil {
		return nil, err
	}
	if _, err := p.post(ctx, j, StepVideo, "/api/v1/videoid/"+pk+"/evidences/video", b); err != nil {
		return nil, err
	}
	return map[string]string{StepVideo: "done"}, nil
}

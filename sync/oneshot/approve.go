package oneshot

import (
	"context"
	"errors"
	"net/http"

	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// approve waits for VIDEOREVIEW, then approves with the RAO's token and credentials.
func (p *Profile) approve(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	pk, err := p.requestPK(j)
	if err != nil {
		return nil, err
	}
	r, err := p.status(ctx, pk)
	if err != nil {
		return nil, err
	}
	switch r.Status {
	case "VIDEOREVIEW":
	case "ENROLLREADY":
		return map[string]string{StepApprove: "done"}, nil // approved before a lost answer
	case "VIDEOERROR", "CANCELLED", "VIDEOINCOMPLETE":
		return nil, &ksync.Refused{Reason: r.Status + ": " + refusal(r)}
	default:
		return nil, &ksync.NotReady{Status: r.Status, After: p.cfg.PollInterval}
	}
	tok, err := p.raoToken(ctx)
	if err != nil {
		return nil, err
	}
	b, err := body.NewJSONBuilder().Build(map[string]string{"token": tok, "username": p.cfg.RAOUsername,
		"password": p.cfg.RAOPassword, "pin": p.cfg.RAOPIN, "rao": p.cfg.RegistrationAuthority})
	if err != nil {
		return nil, err
	}
	if _, err := p.post(ctx, j, StepApprove, "/api/v1/requests/"+pk+"/approve", b); err != nil {
		if errors.Is(err, api.ErrAuth) {
			p.forgetToken()
		}
		return nil, err
	}
	return map[string]string{StepApprove: "done"}, nil
}

// raoToken returns the RAO token uid: one already at the backend for these credentials,
// else a new one. Listing first is what makes a lost create answer harmless.
func (p *Profile) raoToken(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.token != "" {
		return p.token, nil
	}
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodGet, Path: "/api/v1/tokens", MaxAnswer: maxTokensAnswer})
	if err != nil {
		return "", err
	}
	uid, err := findToken(resp.Body, p.cfg.RAOUsername)
	if err != nil {
		return "", err
	}
	if uid == "" {
		b, err := body.NewJSONBuilder().Build(map[string]string{"username": p.cfg.RAOUsername,
			"password": p.cfg.RAOPassword, "pin": p.cfg.RAOPIN, "env": p.cfg.Env})
		if err != nil {
			return "", err
		}
		resp, err := p.c.Do(ctx, api.Request{Method: http.MethodPost, Path: "/api/v1/token", Body: b,
			IdempotencyKey: api.Key("rao-token", p.cfg.RAOUsername)})
		if err != nil {
			return "", err
		}
		if uid, err = parseToken(resp.Body); err != nil {
			return "", err
		}
	}
	p.token = uid
	return uid, nil
}

func (p *Profile) forgetToken() {
	p.mu.Lock()
	p.token = ""
	p.mu.Unlock()
}

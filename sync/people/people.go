// Package people is the People API profile (Mexico; shared/seeds/003, docs/sandbox.md):
// create the person by CURP, upload the INE front and reverse (multipart, streamed from
// the store), then register the contact (e-mail and phone). The API has no review
// status: an enrolment is confirmed once the three steps are accepted.
//
// Creating a person is the step the API does not make idempotent by itself: a resend
// answers 409 for a CURP that exists. Before creating, the step therefore looks the
// CURP up (GET /persons/national_id/{curp}); a 409 is resolved the same way.
package people

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
)

// Name is the profile's configuration name.
const Name = "people"

// Step names.
const (
	StepPerson  = "person"
	StepINE     = "ine"
	StepContact = "contact"
)

// Doer sends API requests; *api.Client implements it (with the partner API key).
type Doer interface {
	Do(ctx context.Context, req api.Request) (*api.Response, error)
}

// Profile is the People API profile.
type Profile struct{ c Doer }

var _ ksync.Profile = (*Profile)(nil)

// New returns the profile sending through c.
func New(c Doer) *Profile { return &Profile{c: c} }

// Name returns "people".
func (p *Profile) Name() string { return Name }

// Steps returns person, ine and contact.
func (p *Profile) Steps() []ksync.Step {
	return []ksync.Step{
		{Name: StepPerson, Run: p.person}, // looks the CURP up before creating: reconciles itself
		{Name: StepINE, Run: p.ine, Reconcile: p.ineArrived, Sends: "POST /persons/{id}/ine (both sides of the INE)"},
		// No lookup of a person's contacts is documented.
		{Name: StepContact, Run: p.contact, Blind: true, Sends: "POST /contacts (the applicant's e-mail and phone)"},
	}
}

// Poll confirms at once: the People API accepts or refuses each call as it comes.
func (p *Profile) Poll(context.Context, *ksync.Job) (ksync.Status, error) {
	return ksync.Status{Name: "ACCEPTED", Final: true, Accepted: true}, nil
}

// errAnswer means a 2xx answer did not have the documented shape.
var errAnswer = errors.New("unexpected answer from the People API")

// parsePersonID reads result.id from {"success": true, "result": {...}}.
func parsePersonID(b []byte) (string, error) {
	var env struct {
		Success bool `json:"success"`
		Result  struct {
			ID string `json:"id"`
		} `json:"result"`
	}
	if err := api.DecodeJSON(b, &env); err != nil {
		return "", fmt.Errorf("%w: %w", errAnswer, err)
	}
	if !env.Success || env.Result.ID == "" {
		return "", fmt.Errorf("%w: no person id", errAnswer)
	}
	if strings.ContainsAny(env.Result.ID, "/?#% ") {
		return "", fmt.Errorf("%w: person id %q is not a plain id", errAnswer, env.Result.ID)
	}
	return env.Result.ID, nil
}

func (p *Profile) lookup(ctx context.Context, curp string) (string, error) {
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodGet, Path: "/persons/national_id/" + url.PathEscape(curp),
		Route: "/persons/national_id/{curp}"})
	var se *api.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return parsePersonID(resp.Body)
}

func (p *Profile) person(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	a := j.Record.Applicant
	if a.CURP == "" {
		return nil, &ksync.Refused{Reason: "the People API needs the applicant's CURP, and the enrolment has none"}
	}
	id, err := p.lookup(ctx, a.CURP)
	if err != nil || id != "" {
		return map[string]string{"person_id": id}, err
	}
	doc := map[string]any{"national_id": a.CURP, "name": a.GivenName, "first_lastname": a.Surname1, "second_lastname": a.Surname2}
	if a.BirthDate != "" {
		doc["birthdate"] = a.BirthDate
	}
	b, err := body.NewJSONBuilder().Build(doc)
	if err != nil {
		return nil, err
	}
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodPost, Path: "/persons", Body: b, IdempotencyKey: api.Key(j.ID, StepPerson)})
	var se *api.StatusError
	if errors.As(err, &se) && se.Status == http.StatusConflict {
		if id, lerr := p.lookup(ctx, a.CURP); lerr == nil && id != "" {
			return map[string]string{"person_id": id}, nil
		}
	}
	if err != nil {
		return nil, err
	}
	id, err = parsePersonID(resp.Body)
	return map[string]string{"person_id": id}, err
}

func (p *Profile) ine(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	id := j.Result("person_id")
	if id == "" {
		return nil, fmt.Errorf("enrolment %s has no saved person_id: the person step did not complete", j.ID)
	}
	var fields []body.Field
	for _, f := range []struct {
		name string
		kind store.EvidenceKind
	}{{"ine_front", store.DocumentFront}, {"ine_reverse", store.DocumentRear}} {
		src, err := j.Evidence(f.kind)
		if err != nil {
			return nil, &ksync.Refused{Reason: err.Error() + ": the People API needs both sides of the INE"}
		}
		ev, _ := j.Record.EvidenceOf(f.kind)
		fields = append(fields, body.Field{Name: f.name, FileName: f.name + ".jpg", ContentType: ev.ContentType, Src: &src})
	}
	key := api.Key(j.ID, StepINE)
	b, err := body.Multipart(fields, body.Boundary(key))
	if err != nil {
		return nil, err
	}
	if _, err := p.c.Do(ctx, api.Request{Method: http.MethodPost, Path: "/persons/" + url.PathEscape(id) + "/ine", Body: b,
		IdempotencyKey: key, Progress: j.Progress(), NoResend: true}); err != nil {
		return nil, err
	}
	return map[string]string{StepINE: "done"}, nil
}

func (p *Profile) contact(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	a := j.Record.Applicant
	b, err := body.NewJSONBuilder().Build(map[string]string{"person_id": j.Result("person_id"), "email": a.Email,
		"phone": strings.TrimPrefix(a.MobilePhoneNumber, "+")})
	if err != nil {
		return nil, err
	}
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodPost, Path: "/contacts", Body: b, IdempotencyKey: api.Key(j.ID, StepContact), NoResend: true})
	if err != nil {
		return nil, err
	}
	id, err := parsePersonID(resp.Body) // the contact's own id, same envelope
	return map[string]string{"contact_id": id}, err
}

// ineArrived reconciles a lost INE answer: the person's record lists the INE sides it
// holds.
func (p *Profile) ineArrived(ctx context.Context, j *ksync.Job) (map[string]string, error) {
	id := j.Result("person_id")
	resp, err := p.c.Do(ctx, api.Request{Method: http.MethodGet, Path: "/persons/" + url.PathEscape(id), Route: "/persons/{id}"})
	if err != nil {
		return nil, err
	}
	var env struct {
		Result struct {
			INE map[string]int `json:"ine"`
		} `json:"result"`
	}
	if err := json.Unmarshal(resp.Body, &env); err != nil {
		return nil, fmt.Errorf("%w: %v", errAnswer, err)
	}
	if len(env.Result.INE) < 2 {
		return nil, nil
	}
	return map[string]string{StepINE: "done (found at the backend)"}, nil
}

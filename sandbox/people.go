package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// DemoVerificationCode is the SMS and email code the People API sandbox accepts.
const DemoVerificationCode = "006421"

// maxINEImage bounds each INE image part (the People API's file limit is 2 MB; INE
// images are allowed up to the evidence image limit).
const maxINEImage = maxEvidenceImage

// person is the body of POST /people/api/v1/persons and what the sandbox keeps.
type person struct {
	ID             string          `json:"id"`
	NationalID     string          `json:"national_id"`
	Name           string          `json:"name"`
	FirstLastname  string          `json:"first_lastname"`
	SecondLastname string          `json:"second_lastname"`
	Birthdate      *string         `json:"birthdate"`
	Gender         *string         `json:"gender"`
	TaxID          *string         `json:"tax_id"`
	NationalityID  *int            `json:"nationality_id"`
	StateID        *int            `json:"state_id"`
	EntityOfBirth  *string         `json:"entity_of_birth"`
	ExternalRefID  *string         `json:"external_ref_id"`
	ExtraData      json.RawMessage `json:"extra_data,omitempty"`
	INE            map[string]int  `json:"ine,omitempty"`
	CreatedAt      time.Time       `json:"created_at"`
	Steps          map[string]int  `json:"steps,omitempty"`
}

// contact is a person's email and phone, with their confirmation flags.
type contact struct {
	ID                string    `json:"id"`
	PersonID          string    `json:"person_id"`
	Email             string    `json:"email"`
	Phone             string    `json:"phone"`
	EmailConfirmation bool      `json:"email_confirmation"`
	SMSConfirmation   bool      `json:"sms_confirmation"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

const peoplePrefix = "/people/api/v1"

func (s *Server) peopleRoutes() {
	s.mux.HandleFunc("POST "+peoplePrefix+"/persons", s.createPerson)
	s.mux.HandleFunc("GET "+peoplePrefix+"/persons/{id}", s.getPerson)
	s.mux.HandleFunc("GET "+peoplePrefix+"/persons/national_id/{national_id}", s.getPersonByCURP)
	s.mux.HandleFunc("POST "+peoplePrefix+"/persons/{id}/ine", s.uploadINE)
	s.mux.HandleFunc("POST "+peoplePrefix+"/contacts", s.createContact)
	s.mux.HandleFunc("POST "+peoplePrefix+"/contacts/{channel}/send", s.sendCode)
	s.mux.HandleFunc("POST "+peoplePrefix+"/contacts/{channel}/verify", s.verifyCode)
}

// peopleError answers err as the People API does: {success:false, code, error}.
func (s *Server) peopleError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.answerFor(r, "people", err)
	writeJSON(w, code, map[string]any{"success": false, "code": code, "error": msg})
}

func peopleOK(w http.ResponseWriter, code int, result any) {
	writeJSON(w, code, map[string]any{"success": true, "result": result})
}

func (p *person) validate() error {
	if err := missingParams([2]string{"national_id", p.NationalID}, [2]string{"name", p.Name},
		[2]string{"first_lastname", p.FirstLastname}, [2]string{"second_lastname", p.SecondLastname}); err != nil {
		return err
	}
	if err := checkCURP(p.NationalID); err != nil {
		return fieldErr("national_id", err)
	}
	if g := p.Gender; g != nil && *g != "MALE" && *g != "FEMALE" {
		return fieldErr("gender", fmt.Errorf("must be MALE or FEMALE, not %q", *g))
	}
	if d := p.Birthdate; d != nil && *d != "" {
		if _, err := time.Parse("2006-01-02", (*d)[:min(10, len(*d))]); err != nil {
			return fieldErr("birthdate", errors.New("must be a date like 1988-02-12"))
		}
	}
	return nil
}

func (s *Server) createPerson(w http.ResponseWriter, r *http.Request) {
	var p person
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = readJSON(r, maxSmallBody, &p)
	}
	if err == nil {
		err = p.validate()
	}
	if err == nil {
		err = s.savePerson(r, &p)
	}
	if err != nil {
		s.peopleError(w, r, err)
		return
	}
	peopleOK(w, http.StatusCreated, p)
}

func (s *Server) savePerson(r *http.Request, p *person) error {
	p.ID, p.CreatedAt, p.INE, p.Steps = uuid.NewString(), s.opts.Now(), nil, map[string]int{"person": 1}
	return s.db.update(r.Context(), func(tx *bolt.Tx) error {
		dup := tx.Bucket([]byte(bktPersons)).ForEach(func(_, v []byte) error {
			var o person
			if json.Unmarshal(v, &o) == nil && o.NationalID == p.NationalID {
				return &httpError{Code: http.StatusConflict, Msg: "a person with this national_id already exists: id " + o.ID}
			}
			return nil
		})
		if dup != nil {
			return dup
		}
		return txPut(tx, bktPersons, p.ID, p)
	})
}

func (s *Server) getPerson(w http.ResponseWriter, r *http.Request) {
	var p person
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = s.db.view(r.Context(), bktPersons, r.PathValue("id"), &p)
	}
	if err != nil {
		s.peopleError(w, r, personNotFound(err, r.PathValue("id")))
		return
	}
	peopleOK(w, http.StatusOK, p)
}

// getPersonByCURP finds a person by national_id: how a client that lost the answer to a
// create (and got 409 on retry) finds the person's id.
func (s *Server) getPersonByCURP(w http.ResponseWriter, r *http.Request) {
	want := r.PathValue("national_id")
	var found *person
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = s.db.each(r.Context(), bktPersons, func(_, v []byte) error {
			var p person
			if json.Unmarshal(v, &p) == nil && p.NationalID == want {
				found = &p
			}
			return nil
		})
	}
	if err == nil && found == nil {
		err = newHTTPError(http.StatusNotFound, "no person with national_id %s", want)
	}
	if err != nil {
		s.peopleError(w, r, err)
		return
	}
	peopleOK(w, http.StatusOK, found)
}

func personNotFound(err error, id string) error {
	if errors.Is(err, ErrNotFound) {
		return newHTTPError(http.StatusNotFound, "person %s not found", id)
	}
	return err
}

func (s *Server) uploadINE(w http.ResponseWriter, r *http.Request) {
	err := s.auth.checkAPIKey(r)
	var parts map[string][]byte
	if err == nil {
		parts, err = readParts(r, map[string]int64{"ine_front": maxINEImage, "ine_reverse": maxINEImage,
			"ocr_data_front": maxSmallBody, "ocr_data_reverse": maxSmallBody}, "ine_front", "ine_reverse")
	}
	if err == nil {
		err = checkINEParts(s.images, parts)
	}
	if err == nil {
		err = s.savePersonINE(r, parts)
	}
	if err != nil {
		s.peopleError(w, r, err)
		return
	}
	peopleOK(w, http.StatusOK, "Ok")
}

func checkINEParts(im *imageCache, parts map[string][]byte) error {
	for _, name := range []string{"ine_front", "ine_reverse"} {
		if err := im.check(name, parts[name], "jpeg", "png"); err != nil {
			return err
		}
	}
	for _, name := range []string{"ocr_data_front", "ocr_data_reverse"} {
		if b := parts[name]; b != nil && !json.Valid(b) {
			return fieldErr(name, errors.New("must be JSON"))
		}
	}
	return nil
}

func (s *Server) savePersonINE(r *http.Request, parts map[string][]byte) error {
	id := r.PathValue("id")
	return s.db.update(r.Context(), func(tx *bolt.Tx) error {
		var p person
		if err := txGet(tx, bktPersons, id, &p); err != nil {
			return personNotFound(err, id)
		}
		p.INE = map[string]int{}
		for _, name := range []string{"ine_front", "ine_reverse"} {
			p.INE[name] = len(parts[name])
			if err := txBlob(tx, "people/"+id, name, parts[name]); err != nil {
				return err
			}
		}
		p.Steps["ine"]++
		return txPut(tx, bktPersons, id, p)
	})
}

func (s *Server) createContact(w http.ResponseWriter, r *http.Request) {
	var c contact
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = readJSON(r, maxSmallBody, &c)
	}
	if err == nil {
		err = checkContact(c.PersonID, c.Email, c.Phone)
	}
	if err == nil {
		err = s.saveContact(r, &c)
	}
	if err != nil {
		s.peopleError(w, r, err)
		return
	}
	peopleOK(w, http.StatusCreated, c)
}

func checkContact(personID, email, phone string) error {
	if err := missingParams([2]string{"person_id", personID}, [2]string{"email", email}, [2]string{"phone", phone}); err != nil {
		return err
	}
	if _, err := uuid.Parse(personID); err != nil {
		return fieldErr("person_id", errors.New("must be a uuid"))
	}
	if at := strings.IndexByte(email, '@'); at <= 0 || at == len(email)-1 {
		return fieldErr("email", errors.New("must be an email address like user@example.com"))
	}
	if len(phone) < 10 || len(phone) > 15 || strings.Trim(phone, "0123456789") != "" {
		return fieldErr("phone", errors.New("must be 10 to 15 digits with the country code (Mexico: 52), no + or spaces"))
	}
	return nil
}

func (s *Server) saveContact(r *http.Request, c *contact) error {
	now := s.opts.Now()
	c.ID, c.CreatedAt, c.UpdatedAt, c.EmailConfirmation, c.SMSConfirmation = uuid.NewString(), now, now, false, false
	return s.db.update(r.Context(), func(tx *bolt.Tx) error {
		var p person
		if err := txGet(tx, bktPersons, c.PersonID, &p); err != nil {
			return personNotFound(err, c.PersonID)
		}
		p.Steps["contact"]++
		if err := txPut(tx, bktPersons, p.ID, p); err != nil {
			return err
		}
		return txPut(tx, bktContacts, c.ID, c)
	})
}

// codeBody is the body of the SMS and email code endpoints.
type codeBody struct {
	PersonID string `json:"person_id"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
	Code     string `json:"code"`
}

// readCode reads and checks a code request for channel sms or email.
func (s *Server) readCode(r *http.Request) (codeBody, error) {
	var b codeBody
	ch := r.PathValue("channel")
	if ch != "sms" && ch != "email" {
		return b, newHTTPError(http.StatusNotFound, "channel must be sms or email, not %q", ch)
	}
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = readJSON(r, maxSmallBody, &b)
	}
	if err == nil && ch == "sms" {
		err = missingParams([2]string{"person_id", b.PersonID}, [2]string{"phone", b.Phone})
	}
	if err == nil && ch == "email" {
		err = missingParams([2]string{"person_id", b.PersonID}, [2]string{"email", b.Email})
	}
	if err == nil {
		var p person
		err = personNotFound(s.db.view(r.Context(), bktPersons, b.PersonID, &p), b.PersonID)
	}
	return b, err
}

func (s *Server) sendCode(w http.ResponseWriter, r *http.Request) {
	if _, err := s.readCode(r); err != nil {
		s.peopleError(w, r, err)
		return
	}
	if r.PathValue("channel") == "sms" {
		peopleOK(w, http.StatusOK, "Sms code send")
		return
	}
	peopleOK(w, http.StatusOK, "Email code send")
}

func (s *Server) verifyCode(w http.ResponseWriter, r *http.Request) {
	b, err := s.readCode(r)
	if err == nil && b.Code != DemoVerificationCode {
		err = fieldErr("code", fmt.Errorf("does not match the code sent (the sandbox code is %s)", DemoVerificationCode))
	}
	if err != nil {
		s.peopleError(w, r, err)
		return
	}
	if r.PathValue("channel") == "sms" {
		peopleOK(w, http.StatusOK, "Phone validated")
		return
	}
	peopleOK(w, http.StatusOK, "Email validated")
}

// personEnrolment is a person as /_sandbox/received shows it.
func (s *Server) personEnrolment(v []byte) (Enrolment, string, error) {
	var p person
	err := json.Unmarshal(v, &p)
	return Enrolment{API: string(apiPeople), ID: p.ID, CreatedAt: p.CreatedAt, Steps: p.Steps, Evidence: p.INE}, "", err
}

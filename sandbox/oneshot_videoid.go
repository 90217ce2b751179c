package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// createVideoID is the body of POST /api/v1/videoid (CreateReqObject_VID).
type createVideoID struct {
	MobilePhoneNumber     string `json:"mobile_phone_number"`
	Email                 string `json:"email"`
	RegistrationAuthority string `json:"registration_authority"`
	Profile               string `json:"profile"`
	BillingUsername       string `json:"billing_username"`
	BillingPassword       string `json:"billing_password"`
	Env                   string `json:"env"`
	WebhookURL            string `json:"webhook_url,omitempty"`
}

// Demo registration authorities and billing account (the vendor examples' values).
const (
	DemoRegistrationAuthority = "139"
	DemoDisabledRA            = "1234"
	DemoBillingUsername       = "user@uanataca.com"
	DemoBillingPassword       = "ejVxTnFrZkI="
)

func (c createVideoID) validate() error {
	if err := missingParams([2]string{"mobile_phone_number", c.MobilePhoneNumber}, [2]string{"email", c.Email},
		[2]string{"registration_authority", c.RegistrationAuthority}, [2]string{"profile", c.Profile},
		[2]string{"billing_username", c.BillingUsername}, [2]string{"billing_password", c.BillingPassword},
		[2]string{"env", c.Env}); err != nil {
		return err
	}
	if err := checkEnv(c.Env); err != nil {
		return err
	}
	if _, err := base64.StdEncoding.DecodeString(c.BillingPassword); err != nil {
		return fieldErr("billing_password", ErrBase64)
	}
	switch c.RegistrationAuthority {
	case DemoRegistrationAuthority:
	case DemoDisabledRA:
		return newHTTPError(http.StatusBadRequest, "Videoid not enabled for Registration Authority %s", c.RegistrationAuthority)
	default:
		return newHTTPError(http.StatusNotFound, "Registration Authority not found")
	}
	if c.BillingUsername != DemoBillingUsername || c.BillingPassword != DemoBillingPassword {
		return newHTTPError(http.StatusForbidden, `Error creating new videoid request: {"detail":"You do not have permission to perform this action."}`)
	}
	return nil
}

func (s *Server) createVideoID(w http.ResponseWriter, r *http.Request) {
	var c createVideoID
	err := readJSON(r, maxSmallBody, &c)
	if err == nil {
		err = c.validate()
	}
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	canon, _ := json.Marshal(c)
	sum := sha256.Sum256(canon)
	q := oneShotRequest{Create: c, BodyHash: hex.EncodeToString(sum[:]), CreatedAt: s.opts.Now(),
		Steps: map[string]int{"create": 1}}
	q.Create.BillingPassword = ""
	err = s.db.update(r.Context(), func(tx *bolt.Tx) error {
		var err error
		if q.PK, err = txNextID(tx, bktOneShot, firstRequestPK); err != nil {
			return err
		}
		q.VideoIDPK = q.PK - firstRequestPK + 137
		return txPut(tx, bktOneShot, pkKey(q.PK), q)
	})
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	link := "http://" + r.Host + "/videoid/" + pkKey(q.PK)
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, map[string]any{
		"request_pk": q.PK, "videoid_pk": q.VideoIDPK, "videoid_link": link}))
}

// updateOneShot loads request pk, lets fn change it and saves it, in one transaction.
func (s *Server) updateOneShot(r *http.Request, fn func(tx *bolt.Tx, q *oneShotRequest) error) (*oneShotRequest, error) {
	pk, err := requestPK(r)
	if err != nil {
		return nil, err
	}
	var q oneShotRequest
	err = s.db.update(r.Context(), func(tx *bolt.Tx) error {
		if err := txGet(tx, bktOneShot, pkKey(pk), &q); err != nil {
			return err
		}
		if err := fn(tx, &q); err != nil {
			return err
		}
		return txPut(tx, bktOneShot, pkKey(pk), q)
	})
	if errors.Is(err, ErrNotFound) {
		return nil, newHTTPError(http.StatusNotFound, "Request not found")
	}
	return &q, err
}

// notChangeable refuses evidence changes once a request is approved or cancelled.
func notChangeable(q *oneShotRequest) error {
	switch {
	case q.Cancelled:
		return newStateError("Request %d is cancelled", q.PK)
	case q.RefusedReason != "":
		return newStateError("Request %d was refused: %s", q.PK, q.RefusedReason)
	case !q.ApprovedAt.IsZero():
		return newStateError("Request %d is approved: its evidences can no longer change", q.PK)
	}
	return nil
}

func (s *Server) approveRequest(w http.ResponseWriter, r *http.Request) {
	var c raoCredentials
	err := readJSON(r, maxSmallBody, &c)
	if err == nil {
		err = s.checkRAO(r, c)
	}
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	_, err = s.updateOneShot(r, func(_ *bolt.Tx, q *oneShotRequest) error {
		q.Steps["approve"]++
		if !q.ApprovedAt.IsZero() {
			return nil // approving twice answers like the first time; received shows the count
		}
		if st := s.oneShotStatus(q); st != StatusVideoReview {
			return newStateError("Request %d is %s: it can be approved only in %s", q.PK, st, StatusVideoReview)
		}
		q.ApprovedAt = s.opts.Now()
		return nil
	})
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Request approved successfully"))
}

func (s *Server) cancelRequest(w http.ResponseWriter, r *http.Request) {
	_, err := s.updateOneShot(r, func(_ *bolt.Tx, q *oneShotRequest) error {
		q.Steps["cancel"]++
		q.Cancelled = true
		return nil
	})
	if err != nil {
		var he *httpError
		if errors.As(err, &he) && he.Code == http.StatusNotFound {
			err = newHTTPError(http.StatusNotFound, "Request %s not found", r.PathValue("request_pk"))
		}
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Request directory removed successfully"))
}

func (s *Server) getRequest(w http.ResponseWriter, r *http.Request) {
	pk, err := requestPK(r)
	var q oneShotRequest
	if err == nil {
		err = s.db.view(r.Context(), bktOneShot, pkKey(pk), &q)
	}
	if err != nil {
		if errors.Is(err, ErrNotFound) || errors.As(err, new(*httpError)) {
			err = newHTTPError(http.StatusNotFound, "Request not found. Make sure the upload directory is correct.")
		}
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, s.requestDetails(&q)))
}

// requestDetails is the GET /api/v1/request/{pk} view (the vendor example's main fields).
func (s *Server) requestDetails(q *oneShotRequest) map[string]any {
	d := map[string]any{
		"pk": q.PK, "status": s.oneShotStatus(q), "email": q.Create.Email,
		"mobile_phone_number": q.Create.MobilePhoneNumber, "profile": q.Create.Profile,
		"registration_authority": raNumber(q.Create.RegistrationAuthority), "videoid_mode": true,
		"paperless_mode": true, "validity_time": "1", "certificate_set": []any{},
		"videoid_pk": q.VideoIDPK, "scratchcard": q.scratchcard(),
	}
	if o := q.OCR; o != nil {
		d["given_name"], d["surname_1"], d["surname_2"] = o.GivenName, o.Surname1, o.Surname2
		d["serial_number"], d["id_document_type"], d["id_document_country"] = o.SerialNumber, o.IDDocumentType, o.IDDocumentCountry
	}
	if len(q.Missing) > 0 {
		d["missing_evidences"] = q.Missing
	}
	if len(q.ChecksFailed) > 0 {
		d["failed_security_checks"] = q.ChecksFailed
	}
	return d
}

// raNumber shows a registration authority id as a number, as the vendor's GET does.
func raNumber(ra string) any {
	if n, err := strconv.Atoi(ra); err == nil {
		return n
	}
	return ra
}

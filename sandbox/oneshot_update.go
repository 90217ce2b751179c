package sandbox

import (
	"fmt"
	"net/http"

	bolt "go.etcd.io/bbolt"
)

// updateRequestBody is the body of PUT /api/v1/request/{pk} (UpdateReqObject_VID).
type updateRequestBody struct {
	Scratchcard           string `json:"scratchcard"`
	GivenName             string `json:"given_name"`
	Surname1              string `json:"surname_1"`
	Surname2              string `json:"surname_2"`
	BirthDate             string `json:"birth_date"`
	Email                 string `json:"email"`
	MobilePhoneNumber     string `json:"mobile_phone_number"`
	SerialNumber          string `json:"serial_number"`
	RegistrationAuthority string `json:"registration_authority"`
	Profile               string `json:"profile"`
	CountryName           string `json:"country_name"`
}

// scratchcard is the request's scratchcard id as GET shows it.
func (q *oneShotRequest) scratchcard() string {
	return fmt.Sprintf("%07d", 5039078+q.PK-firstRequestPK)
}

func (s *Server) updateRequest(w http.ResponseWriter, r *http.Request) {
	var b updateRequestBody
	err := readJSON(r, maxSmallBody, &b)
	if err == nil {
		err = missingParams([2]string{"country_name", b.CountryName}, [2]string{"email", b.Email},
			[2]string{"profile", b.Profile}, [2]string{"registration_authority", b.RegistrationAuthority},
			[2]string{"scratchcard", b.Scratchcard})
	}
	if err == nil {
		_, err = s.updateOneShot(r, func(_ *bolt.Tx, q *oneShotRequest) error { return q.apply(b) })
	}
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Request updated"))
}

// apply changes the request's applicant data; the scratchcard must be the request's.
func (q *oneShotRequest) apply(b updateRequestBody) error {
	if err := notChangeable(q); err != nil {
		return err
	}
	if b.Scratchcard != q.scratchcard() {
		return fieldErr("scratchcard", fmt.Errorf("%q is not the scratchcard of request %d (GET the request to read it)", b.Scratchcard, q.PK))
	}
	if b.RegistrationAuthority != q.Create.RegistrationAuthority {
		return newHTTPError(http.StatusNotFound, "Registration Authority not found")
	}
	q.Steps["update"]++
	q.Create.Email, q.Create.Profile = b.Email, b.Profile
	if b.MobilePhoneNumber != "" {
		q.Create.MobilePhoneNumber = b.MobilePhoneNumber
	}
	if q.OCR == nil {
		q.OCR = &ocrData{}
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&q.OCR.GivenName, b.GivenName)
	set(&q.OCR.Surname1, b.Surname1)
	set(&q.OCR.Surname2, b.Surname2)
	set(&q.OCR.SerialNumber, b.SerialNumber)
	set(&q.OCR.IDDocumentCountry, b.CountryName)
	return nil
}

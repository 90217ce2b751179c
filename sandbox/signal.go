package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pquerna/otp/totp"
	bolt "go.etcd.io/bbolt"
)

// firstSignalPK is the first Signal request pk (the seed example's number).
const firstSignalPK = 22885

// signRequest is the body of POST /signal/sign.
type signRequest struct {
	GivenName             string `json:"given_name"`
	Surname1              string `json:"surname_1"`
	Surname2              string `json:"surname_2"`
	IDDocumentType        string `json:"id_document_type"`
	IDDocumentCountry     string `json:"id_document_country"`
	SerialNumber          string `json:"serial_number"`
	Email                 string `json:"email"`
	MobilePhoneNumber     string `json:"mobile_phone_number"`
	RegistrationAuthority string `json:"registration_authority"`
	Profile               string `json:"profile"`
	ResidenceAddress      string `json:"residence_address"`
	ResidenceCity         string `json:"residence_city"`
	Residence             string `json:"residence"`
	DocumentFront         string `json:"document_front"`
	DocumentRear          string `json:"document_rear"`
	DocumentOwner         string `json:"document_owner"`
}

// signalRequest is what the sandbox keeps of a Signal sign request.
type signalRequest struct {
	PK        uint64         `json:"pk"`
	Data      signRequest    `json:"data"`
	Images    map[string]int `json:"images"`
	BodyHash  string         `json:"body_hash"`
	CreatedAt time.Time      `json:"created_at"`
	User      string         `json:"user"`
	Steps     map[string]int `json:"steps"`
}

func (s *Server) signalRoutes() {
	s.mux.HandleFunc("POST /signal/auth/login", s.signalLogin)
	s.mux.HandleFunc("POST /signal/auth/details", s.signalDetails)
	s.mux.HandleFunc("GET /signal/sign", s.signalHello)
	s.mux.HandleFunc("POST /signal/sign", s.signalSign)
	s.mux.HandleFunc("GET /signal/sign/{pk}", s.signalGet)
}

// signalError answers err as Signal does: {"status": code, "message": ...}.
func (s *Server) signalError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.answerFor(r, "signal", err)
	writeJSON(w, code, map[string]any{"status": code, "message": msg})
}

type signalLoginBody struct {
	Username string `json:"username"`
	Password string `json:"password"`
	OTP      string `json:"otp"`
}

func (s *Server) signalLogin(w http.ResponseWriter, r *http.Request) {
	var b signalLoginBody
	err := readJSON(r, maxSmallBody, &b)
	if err == nil {
		err = missingParams([2]string{"username", b.Username}, [2]string{"password", b.Password})
	}
	var u User
	if err == nil {
		u, err = s.auth.login(b.Username, b.Password)
	}
	if err == nil && u.TOTPSecret != "" {
		if ok, verr := totp.ValidateCustom(b.OTP, u.TOTPSecret, s.opts.Now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: 6}); verr != nil || !ok {
			err = &httpError{Code: http.StatusUnauthorized, Msg: "otp required: this user has MFA; send the 6-digit TOTP code as otp"}
		}
	}
	if err != nil {
		s.signalError(w, r, err)
		return
	}
	tok, _ := s.auth.issue(u.Username, tokenAccess, s.auth.ttl)
	writeJSON(w, http.StatusOK, map[string]any{"status": 200, "message": "authorization completed", "token": tok})
}

func (s *Server) signalDetails(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Token string `json:"token"`
	}
	err := readJSON(r, maxSmallBody, &b)
	if err == nil {
		err = missingParams([2]string{"token", b.Token})
	}
	var c claims
	if err == nil {
		c, err = s.auth.verify(b.Token, tokenAccess)
	}
	u, _ := s.auth.user(c.Sub)
	if err != nil {
		s.signalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": true, "expires": c.Exp, "iat": c.Iat, "user": map[string]any{
		"_id": u.Username, "name": u.DisplayName, "role": u.Role, "coll_username": u.Username, "email": u.Email,
		"otp": nil, "isactive": true, "mfa_enabled": u.TOTPSecret != ""}})
}

func (s *Server) signalHello(w http.ResponseWriter, r *http.Request) {
	if _, _, err := s.auth.bearer(r); err != nil {
		s.signalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Hello"))
}

func (b signRequest) validate(im *imageCache) (map[string][]byte, error) {
	if err := missingParams([2]string{"given_name", b.GivenName}, [2]string{"surname_1", b.Surname1},
		[2]string{"id_document_type", b.IDDocumentType}, [2]string{"id_document_country", b.IDDocumentCountry},
		[2]string{"serial_number", b.SerialNumber}, [2]string{"email", b.Email},
		[2]string{"mobile_phone_number", b.MobilePhoneNumber}, [2]string{"registration_authority", b.RegistrationAuthority},
		[2]string{"profile", b.Profile}, [2]string{"document_front", b.DocumentFront},
		[2]string{"document_rear", b.DocumentRear}, [2]string{"document_owner", b.DocumentOwner}); err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for name, v := range map[string]string{"document_front": b.DocumentFront, "document_rear": b.DocumentRear, "document_owner": b.DocumentOwner} {
		img, err := im.decode(name, v, maxEvidenceImage)
		if err != nil {
			return nil, err
		}
		out[name] = img
	}
	return out, nil
}

func (s *Server) signalSign(w http.ResponseWriter, r *http.Request) {
	u, _, err := s.auth.bearer(r)
	var b signRequest
	var imgs map[string][]byte
	if err == nil {
		err = readJSON(r, maxEvidenceBody, &b)
	}
	if err == nil {
		imgs, err = b.validate(s.images)
	}
	var q signalRequest
	if err == nil {
		q, err = s.saveSignal(r, u, b, imgs)
	}
	if err != nil {
		s.signalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, map[string]any{"pk": q.PK, "status": StatusVideoReview}))
}

func (s *Server) saveSignal(r *http.Request, u User, b signRequest, imgs map[string][]byte) (signalRequest, error) {
	canon, _ := json.Marshal(b)
	sum := sha256.Sum256(canon)
	q := signalRequest{Images: map[string]int{}, BodyHash: hex.EncodeToString(sum[:]), CreatedAt: s.opts.Now(),
		User: u.Username, Steps: map[string]int{"sign": 1}}
	b.DocumentFront, b.DocumentRear, b.DocumentOwner = "", "", ""
	q.Data = b
	err := s.db.update(r.Context(), func(tx *bolt.Tx) error {
		var err error
		if q.PK, err = txNextID(tx, bktSignal, firstSignalPK); err != nil {
			return err
		}
		for name, img := range imgs {
			q.Images[name] = len(img)
			if err := txBlob(tx, "signal/"+pkKey(q.PK), name, img); err != nil {
				return err
			}
		}
		return txPut(tx, bktSignal, pkKey(q.PK), q)
	})
	return q, err
}

func (s *Server) signalStatus(q *signalRequest) string {
	if s.opts.Now().Sub(q.CreatedAt) >= s.opts.ApprovalDelay {
		return StatusEnrollReady
	}
	return StatusVideoReview
}

func (s *Server) signalGet(w http.ResponseWriter, r *http.Request) {
	_, _, err := s.auth.bearer(r)
	var q signalRequest
	if err == nil {
		pk, perr := strconv.ParseUint(r.PathValue("pk"), 10, 64)
		err = perr
		if perr == nil {
			err = s.db.view(r.Context(), bktSignal, pkKey(pk), &q)
		}
		if perr != nil || errors.Is(err, ErrNotFound) {
			err = newHTTPError(http.StatusNotFound, "Request %s not found", r.PathValue("pk"))
		}
	}
	if err != nil {
		s.signalError(w, r, err)
		return
	}
	d := q.Data
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, map[string]any{
		"pk": q.PK, "status": s.signalStatus(&q), "given_name": d.GivenName, "surname_1": d.Surname1,
		"surname_2": d.Surname2, "email": d.Email, "mobile_phone_number": d.MobilePhoneNumber,
		"serial_number": d.SerialNumber, "id_document_type": d.IDDocumentType, "id_document_country": d.IDDocumentCountry,
		"profile": d.Profile, "registration_authority": d.RegistrationAuthority, "residence": d.Residence,
		"residence_address": d.ResidenceAddress, "residence_city": d.ResidenceCity, "paperless_mode": true,
		"videoid_mode": false, "certificate_set": []any{}}))
}

// signalEnrolment is a Signal request as /_sandbox/received shows it.
func (s *Server) signalEnrolment(v []byte) (Enrolment, string, error) {
	var q signalRequest
	err := json.Unmarshal(v, &q)
	return Enrolment{API: string(apiSignal), ID: strconv.FormatUint(q.PK, 10), Status: s.signalStatus(&q),
		CreatedAt: q.CreatedAt, Steps: q.Steps, Evidence: q.Images}, q.BodyHash, err
}

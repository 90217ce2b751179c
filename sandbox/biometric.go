package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// Biometric Signature limits: the seed's "max allowed length" applies to the fields as sent
// (base64 text), 300 KB and 500 KB with 1 KB = 1000 characters, as the agent's codec counts.
const (
	maxBiometricData   = biodata.MaxBiometricData
	maxSignatureImage  = biodata.MaxSignatureImage
	maxBiometricBody   = maxBiometricData + maxSignatureImage + 64<<10
	biometricPathStart = "/v1/orgs/{org_id}/biometric_signs/{sign_id}"
)

// biometricBody is the BiometricSignRequest.
type biometricBody struct {
	BiometricData  string `json:"biometric_data"`
	SignatureImage string `json:"signature_image"`
}

// biometricSign is what the sandbox keeps of one signature.
type biometricSign struct {
	OrgID          string         `json:"org_id"`
	SignID         string         `json:"sign_id"`
	InstallationID string         `json:"installation_id"`
	Fingerprint    string         `json:"fingerprint"`
	Location       string         `json:"location,omitempty"`
	DataKind       string         `json:"biometric_data_kind"`
	DataBytes      int            `json:"biometric_data_bytes"`
	ImageBytes     int            `json:"signature_image_bytes"`
	CreatedAt      time.Time      `json:"created_at"`
	Steps          map[string]int `json:"steps"`
	// IdempotencyKey and BodyHash are those of the request that created the record: a
	// resend with both is a replay of it, not a duplicate.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	BodyHash       string `json:"body_hash,omitempty"`
	// Replays counts such resends that reached the handler (their first answer was not
	// kept by the idempotency layer, for example after an API key change).
	Replays int `json:"replays,omitempty"`
}

func (s *Server) biometricRoutes() {
	s.mux.HandleFunc("POST "+biometricPathStart, s.postBiometric)
	s.mux.HandleFunc("GET "+biometricPathStart, s.getBiometric)
}

// biometricError answers err in the {"errors": [{code, title, ref, details}]} schema.
func (s *Server) biometricError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.answerFor(r, "biometric", err)
	ref := ""
	var fe *fieldError
	if errors.As(err, &fe) {
		ref = fe.Field
	}
	writeJSON(w, code, biometricErrors(code, msg, ref))
}

// deviceHeaders checks x-installation_id, x-fingerprint (required) and x-location.
func deviceHeaders(r *http.Request) (inst, fp, loc string, err error) {
	inst, fp, loc = r.Header.Get("x-installation_id"), r.Header.Get("x-fingerprint"), r.Header.Get("x-location")
	switch {
	case inst == "":
		return "", "", "", fieldErr("x-installation_id", fmt.Errorf("header %w", ErrMissing))
	case fp == "":
		return "", "", "", fieldErr("x-fingerprint", fmt.Errorf("header %w", ErrMissing))
	case loc != "" && !validLocation(loc):
		return "", "", "", fieldErr("x-location", errors.New(`header must be "latitude,longitude" in decimal degrees, like "19.4326,-99.1332"`))
	}
	return inst, fp, loc, nil
}

func validLocation(s string) bool {
	lat, lon, ok := strings.Cut(s, ",")
	if !ok {
		return false
	}
	la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	lo, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	return err1 == nil && err2 == nil && la >= -90 && la <= 90 && lo >= -180 && lo <= 180
}

func checkSignID(id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return fieldErr("sign_id", errors.New("must be a uuid"))
	}
	return nil
}

func (b biometricBody) validate(im *imageCache) (kind string, data, img []byte, err error) {
	if len(b.BiometricData) > maxBiometricData {
		return "", nil, nil, fieldErr("biometric_data", fmt.Errorf("%w: %d characters, limit %d (300 KB)", ErrTooLarge, len(b.BiometricData), maxBiometricData))
	}
	if len(b.SignatureImage) > maxSignatureImage {
		return "", nil, nil, fieldErr("signature_image", fmt.Errorf("%w: %d characters, limit %d (500 KB)", ErrTooLarge, len(b.SignatureImage), maxSignatureImage))
	}
	if data, err = decodeBase64("biometric_data", b.BiometricData, maxBiometricData); err != nil {
		return "", nil, nil, err
	}
	if kind, err = checkBiometricData("biometric_data", data); err != nil {
		return "", nil, nil, err
	}
	img, err = im.decode("signature_image", b.SignatureImage, maxSignatureImage, "png")
	return kind, data, img, err
}

func (s *Server) postBiometric(w http.ResponseWriter, r *http.Request) {
	var rec biometricSign
	var b biometricBody
	err := s.auth.checkAPIKey(r)
	if err == nil {
		rec.InstallationID, rec.Fingerprint, rec.Location, err = deviceHeaders(r)
	}
	if err == nil {
		err = checkSignID(r.PathValue("sign_id"))
	}
	if err == nil {
		err = readJSON(r, maxBiometricBody, &b)
	}
	var data, img []byte
	if err == nil {
		rec.DataKind, data, img, err = b.validate(s.images)
	}
	replayed := false
	if err == nil {
		rec.BodyHash = b.hash()
		replayed, err = s.saveBiometric(r, &rec, data, img)
	}
	if err != nil {
		s.biometricError(w, r, err)
		return
	}
	if replayed {
		s.idem.countReplay()
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(http.StatusNoContent)
}

// hash identifies the body's content for replay detection.
func (b biometricBody) hash() string {
	h := sha256.New()
	h.Write([]byte(b.BiometricData))
	h.Write([]byte{0})
	h.Write([]byte(b.SignatureImage))
	return hex.EncodeToString(h.Sum(nil))
}

func biometricKey(org, sign string) string { return org + "/" + sign }

// resend says what a request for an already kept signature is.
type resend int

const (
	notResend    resend = iota
	replay              // same Idempotency-Key and body as the request that created it
	keyConflict         // same Idempotency-Key, another body
	duplicateTry        // no key, or another key: a second attempt at the step
)

// resendOf classifies rec, a request for the signature prev already kept.
func (prev *biometricSign) resendOf(rec *biometricSign) resend {
	switch {
	case rec.IdempotencyKey == "" || rec.IdempotencyKey != prev.IdempotencyKey:
		return duplicateTry
	case rec.BodyHash != prev.BodyHash:
		return keyConflict
	}
	return replay
}

// saveBiometric keeps a new signature. A resend of a kept one is a replay when it carries
// the Idempotency-Key and the body that created it (answered 204 again and counted in
// Replays, not as a step), refused with 422 when it carries that key with another body,
// and otherwise a duplicate attempt (409, counted as a second biometric_sign step).
func (s *Server) saveBiometric(r *http.Request, rec *biometricSign, data, img []byte) (replayed bool, err error) {
	rec.OrgID, rec.SignID, rec.CreatedAt = r.PathValue("org_id"), r.PathValue("sign_id"), s.opts.Now()
	rec.DataBytes, rec.ImageBytes, rec.Steps = len(data), len(img), map[string]int{"biometric_sign": 1}
	rec.IdempotencyKey = r.Header.Get("Idempotency-Key")
	key := biometricKey(rec.OrgID, rec.SignID)
	kind := notResend
	err = s.db.update(r.Context(), func(tx *bolt.Tx) error {
		var prev biometricSign
		if txGet(tx, bktBiometric, key, &prev) == nil {
			switch kind = prev.resendOf(rec); kind {
			case replay:
				prev.Replays++
			case duplicateTry:
				prev.Steps["biometric_sign"]++
			default:
				return nil
			}
			return txPut(tx, bktBiometric, key, prev)
		}
		if err := txBlob(tx, "biometric/"+key, "biometric_data", data); err != nil {
			return err
		}
		if err := txBlob(tx, "biometric/"+key, "signature_image", img); err != nil {
			return err
		}
		return txPut(tx, bktBiometric, key, rec)
	})
	switch {
	case err != nil:
		return false, err
	case kind == duplicateTry:
		return false, &httpError{Code: http.StatusConflict, Msg: "signature " + rec.SignID + " was already received; send an Idempotency-Key to retry safely"}
	case kind == keyConflict:
		return false, &httpError{Code: http.StatusUnprocessableEntity, Msg: "Idempotency-Key " + rec.IdempotencyKey + " was already used for signature " + rec.SignID + " with a different request body: use a new key for a new request"}
	}
	return kind == replay, nil
}

func (s *Server) getBiometric(w http.ResponseWriter, r *http.Request) {
	var rec biometricSign
	err := s.auth.checkAPIKey(r)
	if err == nil {
		err = s.db.view(r.Context(), bktBiometric, biometricKey(r.PathValue("org_id"), r.PathValue("sign_id")), &rec)
	}
	if errors.Is(err, ErrNotFound) {
		err = newHTTPError(http.StatusNotFound, "no signature %s in organisation %s", r.PathValue("sign_id"), r.PathValue("org_id"))
	}
	if err != nil {
		s.biometricError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"org_id": rec.OrgID, "sign_id": rec.SignID, "created_at": rec.CreatedAt,
		"biometric_data_kind": rec.DataKind, "biometric_data_bytes": rec.DataBytes, "signature_image_bytes": rec.ImageBytes})
}

// biometricEnrolment is a signature as /_sandbox/received shows it.
func (s *Server) biometricEnrolment(v []byte) (Enrolment, string, error) {
	var b biometricSign
	err := json.Unmarshal(v, &b)
	e := Enrolment{API: string(apiBiometric), ID: biometricKey(b.OrgID, b.SignID), CreatedAt: b.CreatedAt, Steps: b.Steps,
		Evidence: map[string]int{"biometric_data": b.DataBytes, "signature_image": b.ImageBytes}}
	if b.Replays > 0 {
		e.Replays = map[string]int{"biometric_sign": b.Replays}
	}
	return e, "", err
}

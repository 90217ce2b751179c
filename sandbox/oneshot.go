package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// One-Shot request statuses (the vendor's names).
const (
	StatusVideoPending    = "VIDEOPENDING"
	StatusVideoIncomplete = "VIDEOINCOMPLETE"
	StatusVideoReview     = "VIDEOREVIEW"
	StatusVideoError      = "VIDEOERROR"
	StatusEnrollReady     = "ENROLLREADY"
	StatusCancelled       = "CANCELLED"
)

// firstRequestPK is the first request_pk handed out (the vendor examples' number).
const firstRequestPK = 45836

// oneShotRequest is what the sandbox keeps of a One-Shot VideoID request.
type oneShotRequest struct {
	PK            uint64         `json:"pk"`
	VideoIDPK     uint64         `json:"videoid_pk"`
	Create        createVideoID  `json:"create"`
	BodyHash      string         `json:"body_hash"`
	CreatedAt     time.Time      `json:"created_at"`
	OCR           *ocrData       `json:"ocr,omitempty"`
	Images        map[string]int `json:"images,omitempty"`
	Acceptance    bool           `json:"acceptance"`
	Missing       []string       `json:"missing,omitempty"`
	ChecksFailed  []string       `json:"checks_failed,omitempty"`
	Video         *videoInfo     `json:"video,omitempty"`
	CompleteAt    time.Time      `json:"complete_at,omitzero"`
	ApprovedAt    time.Time      `json:"approved_at,omitzero"`
	Cancelled     bool           `json:"cancelled,omitempty"`
	RefusedReason string         `json:"refused_reason,omitempty"`
	Steps         map[string]int `json:"steps"`
}

// videoInfo describes an accepted video.
type videoInfo struct {
	Format string    `json:"format"`
	Bytes  int       `json:"bytes"`
	At     time.Time `json:"at"`
}

// status is the request's status at now, given the configured delays.
func (q *oneShotRequest) status(now time.Time, processing, approval time.Duration) string {
	switch {
	case q.Cancelled:
		return StatusCancelled
	case q.RefusedReason != "":
		return StatusRefused
	case !q.ApprovedAt.IsZero() && now.Sub(q.ApprovedAt) >= approval:
		return StatusEnrollReady
	case !q.ApprovedAt.IsZero():
		return StatusVideoReview
	case q.CompleteAt.IsZero() && len(q.Missing) > 0:
		return StatusVideoIncomplete
	case q.CompleteAt.IsZero() || now.Sub(q.CompleteAt) < processing:
		return StatusVideoPending
	case len(q.ChecksFailed) > 0:
		return StatusVideoError
	}
	return StatusVideoReview
}

func (s *Server) oneShotStatus(q *oneShotRequest) string {
	return q.status(s.opts.Now(), s.opts.ProcessingDelay, s.opts.ApprovalDelay)
}

func (s *Server) oneShotRoutes() {
	s.mux.HandleFunc("GET /api/v1/version", s.version)
	s.mux.HandleFunc("POST /api/v1/videoid/{request_pk}/refuse", s.refuseRequest)
	s.mux.HandleFunc("GET /api/v1/videoid/{request_pk}/download/video", s.downloadVideo)
	s.mux.HandleFunc("POST /api/v1/token", s.createToken)
	s.mux.HandleFunc("GET /api/v1/tokens", s.listTokens)
	s.mux.HandleFunc("GET /api/v1/token/{uid}", s.getToken)
	s.mux.HandleFunc("DELETE /api/v1/token/{uid}", s.deleteToken)
	s.mux.HandleFunc("GET /api/v1/token/{$}", s.noTokenUID)
	s.mux.HandleFunc("DELETE /api/v1/token/{$}", s.noTokenUID)
	s.mux.HandleFunc("POST /api/v1/videoid", s.createVideoID)
	s.mux.HandleFunc("POST /api/v1/videoid/{request_pk}/evidences", s.uploadEvidences)
	s.mux.HandleFunc("POST /api/v1/videoid/{request_pk}/evidences/video", s.uploadVideo)
	s.mux.HandleFunc("POST /api/v1/videoid/{request_pk}/evidences/video/", s.uploadVideo)
	s.mux.HandleFunc("POST /api/v1/requests/{request_pk}/approve", s.approveRequest)
	s.mux.HandleFunc("POST /api/v1/request/{request_pk}/approve", s.approveRequest)
	s.mux.HandleFunc("POST /api/v1/request/{request_pk}/approve/", s.approveRequest)
	s.mux.HandleFunc("GET /api/v1/request/{request_pk}", s.getRequest)
	s.mux.HandleFunc("PUT /api/v1/request/{request_pk}", s.updateRequest)
	s.mux.HandleFunc("DELETE /api/v1/request/{request_pk}", s.cancelRequest)
	s.mux.HandleFunc("DELETE /api/v1/request/{request_pk}/", s.cancelRequest)
}

// oneShotBody is the One-Shot envelope {"status": "200 OK", "details": ...}.
func oneShotBody(code int, details any) map[string]any {
	return map[string]any{"status": statusLine(code), "details": details}
}

func statusLine(code int) string { return strconv.Itoa(code) + " " + http.StatusText(code) }

// oneShotError answers err in the One-Shot envelope with the status it implies.
func (s *Server) oneShotError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.answerFor(r, "one-shot", err)
	if he := (*httpError)(nil); errors.As(err, &he) && he.State {
		doNotReplay(w)
	}
	writeJSON(w, code, oneShotBody(code, msg))
}

// httpError carries a status code and an operator-facing message.
type httpError struct {
	Code int
	Msg  string
	// State marks a refusal that depends on the record's state (approve before
	// VIDEOREVIEW...), not on the request: it is not kept for Idempotency-Key replays, so a
	// retry once the state has moved runs again.
	State bool
}

func (e *httpError) Error() string { return e.Msg }

func newHTTPError(code int, format string, args ...any) error {
	return &httpError{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// newStateError is a 400 that depends on the record's current state.
func newStateError(format string, args ...any) error {
	return &httpError{Code: http.StatusBadRequest, Msg: fmt.Sprintf(format, args...), State: true}
}

// answerFor is classify for an API handler's error: an internal failure is logged with
// the API's name and answered with a message that points at the log, not at its details.
func (s *Server) answerFor(r *http.Request, api string, err error) (int, string) {
	code, msg := classify(err)
	if code == http.StatusInternalServerError {
		s.log.Error("sandbox: "+api+" request failed", "path", r.URL.Path, "err", err)
		msg = "internal sandbox error; see the sandbox log"
	}
	return code, msg
}

// classify maps an error to a status code and a message safe to return.
func classify(err error) (int, string) {
	var he *httpError
	var fe *fieldError
	var je *errJSON
	switch {
	case errors.As(err, &he):
		return he.Code, he.Msg
	case errors.Is(err, errContentType):
		return http.StatusUnsupportedMediaType, err.Error()
	case errors.As(err, &je):
		return http.StatusBadRequest, je.msg
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge, err.Error()
	case errors.As(err, &fe):
		return http.StatusBadRequest, fe.Error()
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound, err.Error()
	}
	return http.StatusInternalServerError, err.Error()
}

// missingParams returns a 400 naming the empty required fields, or nil.
func missingParams(fields ...[2]string) error {
	var miss []string
	for _, f := range fields {
		if strings.TrimSpace(f[1]) == "" {
			miss = append(miss, f[0])
		}
	}
	if len(miss) == 0 {
		return nil
	}
	return newHTTPError(http.StatusBadRequest, "Missing required parameters: %s", strings.Join(miss, ", "))
}

// requestPK parses the request_pk path value.
func requestPK(r *http.Request) (uint64, error) {
	raw := r.PathValue("request_pk")
	pk, err := strconv.ParseUint(raw, 10, 64)
	if err != nil || pk == 0 {
		return 0, newHTTPError(http.StatusNotFound, "Request not found")
	}
	return pk, nil
}

func pkKey(pk uint64) string { return fmt.Sprintf("%012d", pk) }

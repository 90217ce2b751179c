package sandbox

import (
	"errors"
	"net/http"
	"os"
	"runtime"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	bolt "go.etcd.io/bbolt"
)

// StatusRefused is the status of a request an RAO refused (the vendor documents the call
// but not the status name; this is the sandbox's choice).
const StatusRefused = "REFUSED"

// refuseBody is the body of POST /api/v1/videoid/{pk}/refuse (RefuseReqObject_VID).
type refuseBody struct {
	raoCredentials
	Reason string `json:"reason"`
}

func (s *Server) refuseRequest(w http.ResponseWriter, r *http.Request) {
	var b refuseBody
	err := readJSON(r, maxSmallBody, &b)
	if err == nil {
		err = s.checkRAO(r, b.raoCredentials)
	}
	if err == nil && strings.TrimSpace(b.Reason) == "" {
		err = newHTTPError(http.StatusBadRequest, "No reason specified")
	}
	if err == nil {
		_, err = s.updateOneShot(r, func(_ *bolt.Tx, q *oneShotRequest) error {
			if err := notChangeable(q); err != nil {
				return err
			}
			if st := s.oneShotStatus(q); st != StatusVideoReview && st != StatusVideoError {
				return newStateError("Request %d is %s: it can be refused only in %s or %s", q.PK, st, StatusVideoReview, StatusVideoError)
			}
			q.Steps["refuse"]++
			q.RefusedReason = b.Reason
			return nil
		})
	}
	if err != nil {
		s.oneShotError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Videoid refuse completed"))
}

// downloadVideo answers the stored video of a request.
func (s *Server) downloadVideo(w http.ResponseWriter, r *http.Request) {
	pk, err := requestPK(r)
	var q oneShotRequest
	if err == nil {
		err = s.db.view(r.Context(), bktOneShot, pkKey(pk), &q)
	}
	var video []byte
	if err == nil && q.Video != nil {
		video, err = s.db.blob(r.Context(), "oneshot/"+pkKey(pk), "video")
	}
	if err == nil && video == nil {
		err = newHTTPError(http.StatusNotFound, "Request %d has no video yet", pk)
	}
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			err = newHTTPError(http.StatusNotFound, "Request not found")
		}
		s.oneShotError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "video/"+q.Video.Format)
	w.Write(video)
}

// version answers what the vendor's Optimizer does, naming the sandbox.
func (s *Server) version(w http.ResponseWriter, _ *http.Request) {
	release := "unknown"
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		release = strings.TrimSpace(string(b))
	}
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, map[string]any{
		"name": "OneShot Optimizer (" + buildinfo.Product + " sandbox)", "version": buildinfo.Version(),
		"info": map[string]any{"hostname": "sandbox", "machine": runtime.GOARCH, "processor": runtime.GOARCH,
			"release": release, "system": strings.ToUpper(runtime.GOOS[:1]) + runtime.GOOS[1:], "version": runtime.Version()},
	}))
}

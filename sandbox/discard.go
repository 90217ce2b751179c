package sandbox

import (
	"io"
	"net/http"
)

// discardBody is the answer of POST /_sandbox/discard.
type discardBody struct {
	// Bytes is the length of the request body read.
	Bytes int64 `json:"bytes"`
}

// discard reads the whole request body, keeps none of it and answers its length: the
// sink a peer tool (curl) uploads to when a benchmark compares the agent with the raw
// transfer of the same bytes to the same server. Like every /_sandbox/ path it is never
// limited or faulted.
func (s *Server) discard(w http.ResponseWriter, r *http.Request) {
	n, err := io.Copy(io.Discard, r.Body)
	if err != nil {
		writeError(w, r, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, discardBody{Bytes: n})
}

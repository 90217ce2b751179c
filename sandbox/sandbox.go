// Package sandbox is a local backend that speaks the seed APIs (One-Shot VideoID, Signal,
// People, Biometric Signature) for demo mode, tests and load and fault tests.
package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
)

// Options configures a Server.
type Options struct {
	// DataDir holds the sandbox's own database; empty keeps everything in memory.
	DataDir string
}

// Server is a running sandbox backend.
type Server struct {
	mux *http.ServeMux
}

// New creates a sandbox backend.
func New(_ context.Context, opts Options) (*Server, error) {
	s := &Server{mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /api/v1/hello", s.hello)
	return s, nil
}

// Handler returns the HTTP handler serving every API.
func (s *Server) Handler() http.Handler { return s.mux }

// Close releases the sandbox's resources.
func (s *Server) Close() error { return nil }

func (s *Server) hello(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"status": "200 OK", "details": "hello from the Enrol Kiosk sandbox"})
}

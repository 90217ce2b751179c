package sandbox

import (
	"net/http"
	"strings"
)

// middleware stacks, outermost first: call counting, recording, then for API paths rate
// limits, faults, the device key registry and idempotency. /_sandbox/ paths are counted but never limited or faulted.
func (s *Server) middleware(mux http.Handler) http.Handler {
	api := s.rateLimitMiddleware(s.faultMiddleware(s.deviceMiddleware(s.idempotencyMiddleware(mux))))
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_sandbox/") {
			mux.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
	if s.rec != nil {
		h = s.rec.middleware(h)
	}
	return s.countMiddleware(h)
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) countMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		_, pattern := s.mux.Handler(r)
		defer func() {
			s.calls.add(pattern, sw.code, sw.Header().Get("Idempotent-Replayed") != "")
			s.log.Debug("sandbox request", "method", r.Method, "path", r.URL.Path, "status", sw.code,
				"replayed", sw.Header().Get("Idempotent-Replayed") != "")
		}()
		next.ServeHTTP(sw, r)
	})
}

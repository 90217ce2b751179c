// Package sandbox is a local backend that speaks the seed APIs (One-Shot VideoID, Signal,
// SIGNula-style auth, People, Biometric Signature) for demo mode, tests and load and fault
// tests. It validates like a strict backend, keeps what it receives in its own bbolt file,
// honours Idempotency-Key (unless Options.IgnoreIdempotency), rate-limits per key and endpoint, and injects faults on demand.
// docs/sandbox.md is the contract the agent's API clients are written against.
package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Options configures a Server. The zero value gives a demo backend with no faults,
// instant status progression and a temporary database removed by Close.
type Options struct {
	// DataDir holds the sandbox's own database (sandbox.db); empty uses a temporary
	// directory that Close removes.
	DataDir string
	// Seed makes fault injection reproducible; zero picks seed 1.
	Seed uint64
	// Faults are the faults injected from the start; the admin endpoint changes them.
	Faults Faults
	// Limits overrides the default rate limits (see DefaultLimits).
	Limits []Limit
	// ProcessingDelay is how long a One-Shot request stays VIDEOPENDING after its
	// evidences and video are complete before it reaches VIDEOREVIEW.
	ProcessingDelay time.Duration
	// ApprovalDelay is how long an approved One-Shot request stays VIDEOREVIEW before it
	// reaches ENROLLREADY (and a Signal request before ENROLLREADY).
	ApprovalDelay time.Duration
	// TokenTTL is the lifetime of the JWTs issued by the login endpoints; zero is 15 minutes.
	TokenTTL time.Duration
	// IgnoreIdempotency serves the APIs as the vendors' documents describe them: the
	// Idempotency-Key header is dropped before any handler sees it, so a resend is a new
	// request (a second One-Shot request, a second Signal sign, a 409 from People and
	// Biometric). The agent must then reconcile instead of relying on replays.
	IgnoreIdempotency bool
	// RecordDir, when set, receives one file per raw request (secrets redacted).
	RecordDir string
	// Now is the clock; nil uses time.Now. Tests move it to expire tokens or move statuses.
	Now func() time.Time
	// Logger receives operational messages; nil uses slog.Default().
	Logger *slog.Logger
}

// Server is a running sandbox backend.
type Server struct {
	opts    Options
	log     *slog.Logger
	db      *db
	mux     *http.ServeMux
	handler http.Handler
	faults  *faultInjector
	limiter *limiter
	idem    *idempotency
	calls   *callCounter
	rec     *recorder
	auth    *authority
	images  *imageCache
	devices *deviceRegistry
}

// New opens (or creates) the sandbox database and builds every API.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = 15 * time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := opts.Faults.Validate(); err != nil {
		return nil, fmt.Errorf("sandbox faults: %w", err)
	}
	d, err := openDB(ctx, opts.DataDir)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, log: opts.Logger, db: d, mux: http.NewServeMux()}
	if err := s.init(ctx); err != nil {
		d.close()
		return nil, err
	}
	return s, nil
}

func (s *Server) init(ctx context.Context) error {
	auth, err := newAuthority(ctx, s.db, s.opts)
	if err != nil {
		return err
	}
	s.auth = auth
	s.faults = newFaultInjector(s.opts.Seed, s.opts.Faults)
	s.limiter = newLimiter(s.opts.Limits, s.opts.Now)
	s.idem = newIdempotency(s.db)
	s.images = newImageCache()
	s.calls = newCallCounter()
	s.devices = newDeviceRegistry()
	if s.opts.RecordDir != "" {
		if s.rec, err = newRecorder(s.opts.RecordDir, s.log); err != nil {
			return err
		}
	}
	s.routes()
	s.handler = s.middleware(s.mux)
	return nil
}

// Handler returns the HTTP handler serving every API.
func (s *Server) Handler() http.Handler { return s.handler }

// Close releases the sandbox's resources; a temporary database is removed.
func (s *Server) Close() error { return s.db.close() }

func (s *Server) routes() {
	s.mux.HandleFunc("GET /api/v1/hello", s.hello)
	s.oneShotRoutes()
	s.signalRoutes()
	s.signulaRoutes()
	s.peopleRoutes()
	s.biometricRoutes()
	s.adminRoutes()
	s.mux.HandleFunc("/", s.notFound)
}

func (s *Server) hello(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, oneShotBody(http.StatusOK, "Hello"))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusNotFound, oneShotBody(http.StatusNotFound,
		fmt.Sprintf("no sandbox endpoint %s %s: see docs/sandbox.md for the paths", r.Method, r.URL.Path)))
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if v == nil {
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}

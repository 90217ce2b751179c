package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// CallStats counts the calls one endpoint got since the sandbox started.
type CallStats struct {
	// Total counts every call; OK, Client and Server count answers by status class.
	Total  int `json:"total"`
	OK     int `json:"2xx"`
	Client int `json:"4xx"`
	Server int `json:"5xx"`
	// Reset counts calls that got no answer (connection reset by a fault).
	Reset int `json:"reset"`
	// Replays counts answers replayed for a repeated Idempotency-Key.
	Replays int `json:"idempotent_replays"`
}

// callCounter counts calls per route pattern, in memory.
type callCounter struct {
	mu    sync.Mutex
	calls map[string]*CallStats
}

func newCallCounter() *callCounter { return &callCounter{calls: map[string]*CallStats{}} }

func (c *callCounter) add(pattern string, code int, replay bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.calls[pattern]
	if st == nil {
		st = &CallStats{}
		c.calls[pattern] = st
	}
	st.Total++
	switch {
	case code == 0:
		st.Reset++
	case code < 300:
		st.OK++
	case code < 500:
		st.Client++
	default:
		st.Server++
	}
	if replay {
		st.Replays++
	}
}

func (c *callCounter) snapshot() map[string]CallStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]CallStats, len(c.calls))
	for k, v := range c.calls {
		out[k] = *v
	}
	return out
}

// Received is the body of GET /_sandbox/received.
type Received struct {
	// Enrolments are the records stored (they survive a restart).
	Enrolments []Enrolment `json:"enrolments"`
	// Calls counts calls per route pattern since the sandbox started.
	Calls map[string]CallStats `json:"calls"`
	// IdempotentReplays counts answers replayed for a repeated Idempotency-Key.
	IdempotentReplays int `json:"idempotent_replays"`
	// Duplicates lists what a client that sends twice leaves behind.
	Duplicates []Duplicate `json:"duplicates"`
	// Faults counts the faults injected.
	Faults FaultStats `json:"faults"`
	// Devices is the key registry: each installation's pinned key, the newest audit
	// head it sent and the manifests verified (in memory since the sandbox started).
	Devices []Device `json:"devices"`
}

// Enrolment is one record the sandbox accepted, with how often each step was accepted.
type Enrolment struct {
	// API is oneshot, signal, people or biometric; ID is the record's id in that API.
	API string `json:"api"`
	ID  string `json:"id"`
	// Status is the current status where the API has one.
	Status    string    `json:"status,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Steps counts the accepted calls per step (create, evidences, video, approve...).
	Steps map[string]int `json:"steps"`
	// Evidence gives the size in bytes of each evidence kept.
	Evidence map[string]int `json:"evidence_bytes,omitempty"`
	// Replays counts, per step, resends with the Idempotency-Key and body of the accepted
	// call that the record itself recognised (the idempotency layer had no answer to
	// replay): answered as the first time, neither steps nor duplicates.
	Replays map[string]int `json:"replays,omitempty"`
}

// Duplicate is a step accepted more than once for one record, or a record created with
// the same body as an earlier one: what a client that double-sends produces.
type Duplicate struct {
	// API and ID name the record; Step the step accepted Count times.
	API   string `json:"api"`
	ID    string `json:"id"`
	Step  string `json:"step"`
	Count int    `json:"count"`
	// Reason says why it is a duplicate, in words.
	Reason string `json:"reason"`
}

func (s *Server) adminRoutes() {
	s.mux.HandleFunc("GET /_sandbox/received", s.received)
	s.mux.HandleFunc("GET /_sandbox/faults", s.getFaults)
	s.mux.HandleFunc("PUT /_sandbox/faults", s.putFaults)
	s.mux.HandleFunc("POST /_sandbox/discard", s.discard)
}

func (s *Server) received(w http.ResponseWriter, r *http.Request) {
	rec, err := s.Received(r.Context())
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

// Received reports every enrolment received, call counts and duplicates.
func (s *Server) Received(ctx context.Context) (Received, error) {
	out := Received{Calls: s.calls.snapshot(), IdempotentReplays: s.idem.replayCount(), Enrolments: []Enrolment{}, Duplicates: []Duplicate{},
		Devices: s.devices.snapshot()}
	_, _, out.Faults = s.faults.snapshot()
	for _, src := range s.enrolmentSources() {
		if err := s.db.each(ctx, src.bucket, func(_, v []byte) error {
			e, hash, err := src.view(v)
			if err == nil {
				out.Enrolments = append(out.Enrolments, e)
				out.Duplicates = append(out.Duplicates, dupOf(e, hash, src.seen)...)
			}
			return err
		}); err != nil {
			return Received{}, fmt.Errorf("read %s records: %w", src.bucket, err)
		}
	}
	return out, nil
}

// source turns one bucket's records into Enrolments; seen maps body hashes to ids.
type source struct {
	bucket string
	view   func(v []byte) (Enrolment, string, error)
	seen   map[string]string
}

func (s *Server) enrolmentSources() []source {
	return []source{
		{bucket: bktOneShot, seen: map[string]string{}, view: func(v []byte) (Enrolment, string, error) {
			var q oneShotRequest
			err := json.Unmarshal(v, &q)
			ev := map[string]int{}
			for k, n := range q.Images {
				ev[k] = n
			}
			if q.Video != nil {
				ev["video"] = q.Video.Bytes
			}
			return Enrolment{API: string(apiOneShot), ID: strconv.FormatUint(q.PK, 10), Status: s.oneShotStatus(&q),
				CreatedAt: q.CreatedAt, Steps: q.Steps, Evidence: ev}, q.BodyHash, err
		}},
		{bucket: bktSignal, seen: map[string]string{}, view: s.signalEnrolment},
		{bucket: bktPersons, seen: map[string]string{}, view: s.personEnrolment},
		{bucket: bktBiometric, seen: map[string]string{}, view: s.biometricEnrolment},
	}
}

// dupOf lists e's steps accepted more than once and a create body seen before.
func dupOf(e Enrolment, hash string, seen map[string]string) []Duplicate {
	var out []Duplicate
	steps := make([]string, 0, len(e.Steps))
	for k := range e.Steps {
		steps = append(steps, k)
	}
	sort.Strings(steps)
	for _, k := range steps {
		if n := e.Steps[k]; n > 1 {
			out = append(out, Duplicate{API: e.API, ID: e.ID, Step: k, Count: n, Reason: fmt.Sprintf("step accepted %d times", n)})
		}
	}
	if hash == "" {
		return out
	}
	if first, ok := seen[hash]; ok {
		out = append(out, Duplicate{API: e.API, ID: e.ID, Step: "create", Count: 1, Reason: "same create body as " + first})
	} else {
		seen[hash] = e.ID
	}
	return out
}

// faultsView is the body of GET and PUT /_sandbox/faults.
type faultsView struct {
	Faults Faults     `json:"faults"`
	Seed   uint64     `json:"seed"`
	Stats  FaultStats `json:"stats"`
}

func (s *Server) getFaults(w http.ResponseWriter, _ *http.Request) {
	f, seed, st := s.faults.snapshot()
	writeJSON(w, http.StatusOK, faultsView{Faults: f, Seed: seed, Stats: st})
}

// putFaults replaces the fault configuration; ?seed=N also restarts the random sequence.
func (s *Server) putFaults(w http.ResponseWriter, r *http.Request) {
	var f Faults
	if err := readJSON(r, maxSmallBody, &f); err != nil {
		_, msg := classify(err)
		writeError(w, r, http.StatusBadRequest, msg)
		return
	}
	if err := f.Validate(); err != nil {
		writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	s.faults.set(f)
	if raw := r.URL.Query().Get("seed"); raw != "" {
		seed, err := strconv.ParseUint(raw, 10, 64)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, "seed must be an unsigned integer")
			return
		}
		s.faults.reseed(seed)
	}
	s.getFaults(w, r)
}

// SetFaults replaces the fault configuration at run time, as PUT /_sandbox/faults does;
// a non-zero seed also restarts the random sequence and the fault counters.
func (s *Server) SetFaults(f Faults, seed uint64) error {
	if err := f.Validate(); err != nil {
		return err
	}
	s.faults.set(f)
	if seed != 0 {
		s.faults.reseed(seed)
	}
	return nil
}

// FaultStats returns what the fault injector did since the last reseed.
func (s *Server) FaultStats() FaultStats {
	_, _, st := s.faults.snapshot()
	return st
}

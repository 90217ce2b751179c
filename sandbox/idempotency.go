package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// maxIdemBody bounds the body read to fingerprint an idempotent request.
const maxIdemBody = maxVideoBytes + 1<<20

// savedAnswer is the first answer to an Idempotency-Key, replayed on repeats.
type savedAnswer struct {
	BodyHash    string    `json:"body_hash"`
	Code        int       `json:"code"`
	ContentType string    `json:"content_type"`
	Body        []byte    `json:"body"`
	At          time.Time `json:"at"`
}

// idempotency serialises requests sharing a key and replays their first answer.
type idempotency struct {
	db      *db
	mu      sync.Mutex
	locks   map[string]*keyLock
	replays int
}

type keyLock struct {
	sync.Mutex
	refs int
}

func newIdempotency(d *db) *idempotency {
	return &idempotency{db: d, locks: map[string]*keyLock{}}
}

func (i *idempotency) lock(key string) func() {
	i.mu.Lock()
	l := i.locks[key]
	if l == nil {
		l = &keyLock{}
		i.locks[key] = l
	}
	l.refs++
	i.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		i.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(i.locks, key)
		}
		i.mu.Unlock()
	}
}

// countReplay counts one answer replayed for a repeated Idempotency-Key.
func (i *idempotency) countReplay() {
	i.mu.Lock()
	i.replays++
	i.mu.Unlock()
}

func (i *idempotency) replayCount() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.replays
}

// cacheable reports whether an answer is final for its key: successes and validation
// refusals are; auth failures (the client refreshes and retries with the same key),
// conflicts, rate limits and server errors are not.
func cacheable(code int) bool {
	switch {
	case code >= 200 && code < 300:
		return true
	case code == 400, code == 404, code == 413, code == 415, code == 422:
		return true
	}
	return false
}

// idempotencyMiddleware honours the Idempotency-Key header on POST, PUT, PATCH and
// DELETE; with Options.IgnoreIdempotency it removes the header instead, so that no
// handler (nor the records' own replay check) sees it, as at the vendors' backends.
func (s *Server) idempotencyMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.opts.IgnoreIdempotency {
			r.Header.Del("Idempotency-Key")
			next.ServeHTTP(w, r)
			return
		}
		ik := r.Header.Get("Idempotency-Key")
		if ik == "" || r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if len(ik) > 255 {
			writeError(w, r, http.StatusBadRequest, "Idempotency-Key is longer than 255 characters")
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxIdemBody))
		if err != nil {
			return // the client went away mid-body: nothing to answer
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])
		key := s.clientKey(r) + " " + r.Method + " " + r.URL.Path + " " + ik
		defer s.idem.lock(key)()
		s.serveIdempotent(w, r, next, key, hash)
	})
}

func (s *Server) serveIdempotent(w http.ResponseWriter, r *http.Request, next http.Handler, key, hash string) {
	var prev savedAnswer
	err := s.db.view(r.Context(), bktIdem, key, &prev)
	switch {
	case err == nil && prev.BodyHash != hash:
		writeError(w, r, http.StatusUnprocessableEntity, "Idempotency-Key "+r.Header.Get("Idempotency-Key")+" was already used with a different request body: use a new key for a new request")
		return
	case err == nil:
		s.idem.countReplay()
		w.Header().Set("Idempotent-Replayed", "true")
		if prev.ContentType != "" {
			w.Header().Set("Content-Type", prev.ContentType)
		}
		w.WriteHeader(prev.Code)
		w.Write(prev.Body)
		return
	case !errors.Is(err, ErrNotFound):
		writeError(w, r, http.StatusInternalServerError, "sandbox database error")
		return
	}
	cw := &captureWriter{ResponseWriter: w, code: http.StatusOK}
	next.ServeHTTP(cw, r)
	if !cacheable(cw.code) || cw.noReplay {
		return
	}
	ans := savedAnswer{BodyHash: hash, Code: cw.code, ContentType: cw.Header().Get("Content-Type"), Body: cw.buf.Bytes(), At: s.opts.Now()}
	if err := s.saveAnswer(context.WithoutCancel(r.Context()), key, ans); err != nil {
		s.log.Error("sandbox: save idempotent answer", "err", err)
	}
}

func (s *Server) saveAnswer(ctx context.Context, key string, a savedAnswer) error {
	return s.db.update(ctx, func(tx *bolt.Tx) error { return txPut(tx, bktIdem, key, a) })
}

// captureWriter passes an answer through while keeping its status and body.
type captureWriter struct {
	http.ResponseWriter
	code        int
	wroteHeader bool
	noReplay    bool
	buf         bytes.Buffer
}

func (c *captureWriter) WriteHeader(code int) {
	if !c.wroteHeader {
		c.code, c.wroteHeader = code, true
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *captureWriter) Write(p []byte) (int, error) {
	c.wroteHeader = true
	c.buf.Write(p)
	return c.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (c *captureWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// doNotReplay keeps the answer being written out of the idempotency store.
func doNotReplay(w http.ResponseWriter) {
	for {
		switch x := w.(type) {
		case *captureWriter:
			x.noReplay = true
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return
		}
	}
}

package api

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// Sentinel errors of an attempt abandoned for its pace. Each is transient: the attempt is
// abandoned and sent again later, with the same Idempotency-Key.
var (
	// ErrStalled means an attempt made no progress (no request byte sent, no answer byte
	// received) for the client's Timeout: the link is dead or the backend hung.
	ErrStalled = errors.New("the connection made no progress")
	// ErrTooSlow means fewer bytes than MinRate allows moved over a RateWindow while the
	// request or the answer was on its way: a trickle, not a slow link.
	ErrTooSlow = errors.New("the connection is too slow")
	// ErrNoAnswer means the backend did not finish the headers of its answer within
	// HeaderTimeout of the request having been sent.
	ErrNoAnswer = errors.New("the backend did not start its answer in time")
)

// watchdog abandons an attempt that does not move: no byte for idle, fewer than minRate
// bytes a second over a window while bytes are due (sending the request, reading the
// answer), or no answer headers within header of the request having been written.
// Unlike a bound on the whole attempt, it lets a large upload over a slow link (a field
// agent's mobile data) take as long as it needs, as long as bytes keep moving at a rate.
type watchdog struct {
	idle, header, window time.Duration
	minRate              int64 // bytes per second; 0 checks no rate
	cancel               context.CancelCauseFunc

	mu       sync.Mutex
	idleT    *time.Timer
	headerT  *time.Timer
	rateT    *time.Timer
	moved    int64 // bytes moved in the current window
	rating   bool  // bytes are due: the rate is checked
	answer   bool  // the answer's headers arrived (perhaps before the whole request went)
	finished bool
}

// pace is what a watchdog checks.
type pace struct {
	idle, header, window time.Duration
	minRate              int64
}

// newPacedWatchdog returns a context that is cancelled with ErrStalled after p.idle
// without progress, with ErrTooSlow or ErrNoAnswer when the rate (from begin, while the
// request is sent and while the answer is read) or the header checks of p fail, and a
// stop function to call when the attempt is over.
func newPacedWatchdog(ctx context.Context, p pace) (context.Context, *watchdog, func()) {
	actx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{idle: p.idle, header: p.header, window: p.window, minRate: p.minRate, cancel: cancel}
	w.mu.Lock()
	w.idleT = time.AfterFunc(p.idle, func() { cancel(ErrStalled) })
	if w.minRate > 0 && w.window > 0 {
		w.rateT = time.AfterFunc(w.window, w.checkRate)
	}
	w.mu.Unlock()
	return actx, w, w.stop
}

func (w *watchdog) stop() {
	w.mu.Lock()
	w.finished = true
	w.idleT.Stop()
	if w.rateT != nil {
		w.rateT.Stop()
	}
	if w.headerT != nil {
		w.headerT.Stop()
	}
	w.mu.Unlock()
	w.cancel(nil)
}

// kick records n bytes of progress: the idle wait starts again.
func (w *watchdog) kick(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.moved += int64(n)
	if w.idleT.Stop() { // not fired yet: a fired watchdog stays fired
		w.idleT.Reset(w.idle)
	}
}

// begin records that the request starts going out (credentials, which may have needed
// a login, are ready): the idle wait and the rate window start now.
func (w *watchdog) begin() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.idleT.Stop() {
		w.idleT.Reset(w.idle)
	}
	if w.rateT != nil && !w.finished && !w.answer {
		w.rating, w.moved = true, 0
		w.rateT.Stop()
		w.rateT.Reset(w.window)
	}
}

// checkRate ends a window: too few bytes while bytes were due abandons the attempt.
func (w *watchdog) checkRate() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.finished {
		return
	}
	if w.rating && float64(w.moved) < float64(w.minRate)*w.window.Seconds() {
		w.cancel(ErrTooSlow)
		return
	}
	w.moved = 0
	w.rateT.Reset(w.window)
}

// sent records that the whole request was written: no byte is due until the backend
// answers, so the rate is not checked, and the header timeout starts.
func (w *watchdog) sent() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.answer { // a backend may answer before it has read the whole request
		return
	}
	w.rating = false
	if w.header > 0 && w.headerT == nil && !w.finished {
		w.headerT = time.AfterFunc(w.header, func() { w.cancel(ErrNoAnswer) })
	}
}

// answered records that the answer's headers arrived: the body is due, at a rate.
func (w *watchdog) answered() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.answer = true
	if w.headerT != nil {
		w.headerT.Stop()
	}
	if w.idleT.Stop() {
		w.idleT.Reset(w.idle)
	}
	if w.rateT != nil && !w.finished {
		w.rating, w.moved = true, 0
		w.rateT.Stop()
		w.rateT.Reset(w.window)
	}
}

// reader kicks w on every read that moves bytes.
func (w *watchdog) reader(r io.ReadCloser) io.ReadCloser { return &kickReader{ReadCloser: r, w: w} }

type kickReader struct {
	io.ReadCloser
	w *watchdog
}

func (k *kickReader) Read(p []byte) (int, error) {
	n, err := k.ReadCloser.Read(p)
	if n > 0 {
		k.w.kick(n)
	}
	return n, err
}

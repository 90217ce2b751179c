package api

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// ErrStalled means an attempt made no progress (no request byte sent, no answer byte
// received) for the client's Timeout: the link is dead or the backend hung. It is a
// transient failure; the attempt is abandoned and sent again later.
var ErrStalled = errors.New("the connection made no progress")

// watchdog cancels an attempt that makes no progress for a while. Unlike a bound on the
// whole attempt, it lets a large upload over a slow link (a field agent's mobile data)
// take as long as it needs, as long as bytes keep moving.
type watchdog struct {
	idle  time.Duration
	mu    sync.Mutex
	timer *time.Timer
}

// newWatchdog returns a context that is cancelled with ErrStalled after idle without a
// call to kick, and a stop function to call when the attempt is over.
func newWatchdog(ctx context.Context, idle time.Duration) (context.Context, *watchdog, func()) {
	actx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{idle: idle}
	w.timer = time.AfterFunc(idle, func() { cancel(ErrStalled) })
	return actx, w, func() { w.timer.Stop(); cancel(nil) }
}

// kick records progress: the idle wait starts again.
func (w *watchdog) kick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer.Stop() { // not fired yet: a fired watchdog stays fired
		w.timer.Reset(w.idle)
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
		k.w.kick()
	}
	return n, err
}

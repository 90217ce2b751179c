package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
)

// quitGrace bounds how long the stopper waits for the workers before it quits the UI
// anyway: a worker that ignores its context must not keep the app from stopping.
const quitGrace = 3 * time.Second

// errFyneLifecycle says the Fyne in use no longer has the lifecycle methods takeStopHook
// relies on (they are exported methods of an internal type): the shutdown race they avoid
// is back, and the app logs it at start.
var errFyneLifecycle = errors.New("this Fyne's lifecycle cannot hand over its stop hook; " +
	"the app may crash at shutdown (check takeStopHook against the Fyne version in go.mod)")

// stopper shuts the UI down on the app's terms, once its context ends (a signal, a
// granted close request, a restart): first it waits for the workers, which post to the UI
// goroutine with fyne.Do, to return; then, on the UI goroutine, it runs the stop work and
// quits.
//
// Fyne 2.7.1 makes this order necessary. When its loop ends it empties and closes the
// queue behind fyne.Do; a fyne.Do that checked the queue before the close and sends after
// it panics ("send on closed channel"), one that comes after the close runs its function
// on the caller's goroutine, off the UI goroutine. Its own OnStopped event is posted that
// way, from the lifecycle's goroutine, at that very moment, so the app neither quits from
// Fyne's signal handler (takeSignals) nor leaves a stop hook for Fyne to run
// (takeStopHook): by the time quit runs, nothing of ours posts any more.
type stopper struct {
	// post runs f on the UI goroutine (fyne.Do).
	post func(f func())
	// wait returns when every worker has returned (kiosk.workers.Wait).
	wait func()
	// stopping runs on the UI goroutine, in order, before quit (the draft save, Fyne's
	// own stop hook).
	stopping []func()
	// quit ends the UI loop (App.Quit).
	quit func()
	// grace bounds the wait for the workers.
	grace  time.Duration
	logger *slog.Logger
}

// run waits for ctx to end, then for the workers (at most grace), then posts the stop work
// and quit to the UI goroutine. It returns once they are posted; run it on a goroutine of
// its own, not as a worker.
func (s stopper) run(ctx context.Context) {
	<-ctx.Done()
	waited := make(chan struct{})
	go func() { s.wait(); close(waited) }()
	timer := time.NewTimer(s.grace)
	defer timer.Stop()
	select {
	case <-waited:
	case <-timer.C:
		s.logger.Error("workers still running after the request to stop; ending the UI loop anyway (a worker ignores its context)", "waited", s.grace.String())
	}
	s.post(func() {
		for _, f := range s.stopping {
			f()
		}
		s.quit()
	})
}

// takeStopHook empties the lifecycle's stop hooks and returns the one Fyne set itself (it
// saves the app's preferences; nil when there is none), for the stopper to run before
// quit. With no hook left, Fyne posts no OnStopped event while its loop closes the queue
// of fyne.Do (see stopper). Call it before anything else sets an OnStopped hook.
func takeStopHook(lc fyne.Lifecycle) (func(), error) {
	hooks, ok := lc.(interface {
		OnStopped() func()
		SetOnStoppedHookExecuted(func())
	})
	if !ok {
		return nil, errFyneLifecycle
	}
	hook := hooks.OnStopped() // only Fyne's own hook is set so far
	lc.SetOnStopped(nil)
	hooks.SetOnStoppedHookExecuted(nil)
	if hooks.OnStopped() != nil {
		return nil, errFyneLifecycle
	}
	return hook, nil
}

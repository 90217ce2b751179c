package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals are the signals that shut the app down cleanly.
var stopSignals = []os.Signal{syscall.SIGTERM, os.Interrupt}

// takeSignals makes stopSignals reach this program's handler alone, which calls cancel,
// and returns a function that removes it again. Fyne's GLFW driver listens for the same
// signals (from the start of its loop) and quits the loop at once, while the workers may
// still post to it; taking the signals over leaves quitting to the stopper. Call it once
// the loop runs (the lifecycle's OnStarted): the driver has registered by then. A signal
// that arrives in the instant between dropping the old handlers and adding the new one
// stops the process the default way.
func takeSignals(cancel context.CancelFunc) (release func()) {
	ch := make(chan os.Signal, 1)
	signal.Reset(stopSignals...)
	signal.Notify(ch, stopSignals...)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			cancel()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

package main

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// uiLoop is a fake UI goroutine for the stopper: post queues a function, and the loop runs
// them in order until quit is called; a post after quit is recorded, as Fyne 2.7.1 would
// then run it off the UI goroutine or panic.
type uiLoop struct {
	mu       sync.Mutex
	queue    chan func()
	quits    int
	late     int
	ran      []string
	finished chan struct{}
}

func newUILoop() *uiLoop {
	l := &uiLoop{queue: make(chan func(), 4096), finished: make(chan struct{})}
	go func() {
		defer close(l.finished)
		for f := range l.queue {
			f()
			l.mu.Lock()
			done := l.quits > 0
			l.mu.Unlock()
			if done {
				return
			}
		}
	}()
	return l
}

func (l *uiLoop) post(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.quits > 0 {
		l.late++
		return
	}
	l.queue <- f
}

func (l *uiLoop) quit() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.quits++
	l.ran = append(l.ran, "quit")
}

func (l *uiLoop) note(s string) func() {
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.ran = append(l.ran, s)
	}
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestStopperWaitsForWorkers: a worker that keeps posting until its context ends is done
// posting before the stop work and quit run, once, on the UI goroutine; the old shutdown
// (fyne.Do(a.Quit) as soon as the context ended) let it post after quit.
func TestStopperWaitsForWorkers(t *testing.T) {
	for range 50 {
		l := newUILoop()
		ctx, cancel := context.WithCancel(context.Background())
		var workers sync.WaitGroup
		workers.Add(1)
		go func() {
			defer workers.Done()
			for ctx.Err() == nil {
				l.post(func() {})
				time.Sleep(50 * time.Microsecond)
			}
			time.Sleep(2 * time.Millisecond) // a last post on its way out
			l.post(l.note("worker's last"))
		}()
		s := stopper{post: l.post, wait: workers.Wait, quit: l.quit, grace: 10 * time.Second, logger: discard(),
			stopping: []func(){l.note("save draft"), l.note("fyne hook")}}
		done := make(chan struct{})
		go func() { s.run(ctx); close(done) }()
		time.Sleep(time.Millisecond)
		cancel()
		<-done
		select {
		case <-l.finished:
		case <-time.After(10 * time.Second):
			t.Fatal("the UI loop was never quit")
		}
		l.mu.Lock()
		got, late, quits := l.ran, l.late, l.quits
		l.mu.Unlock()
		want := []string{"worker's last", "save draft", "fyne hook", "quit"}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
			t.Fatalf("ran %q, want %q", got, want)
		}
		if late != 0 || quits != 1 {
			t.Fatalf("%d posts after quit, %d quits; want 0 and 1", late, quits)
		}
	}
}

// TestStopperGrace: a worker that ignores its context delays quitting by the grace only.
func TestStopperGrace(t *testing.T) {
	l := newUILoop()
	ctx, cancel := context.WithCancel(context.Background())
	stuck := make(chan struct{})
	defer close(stuck)
	s := stopper{post: l.post, wait: func() { <-stuck }, quit: l.quit, grace: 20 * time.Millisecond, logger: discard()}
	cancel()
	start := time.Now()
	s.run(ctx)
	select {
	case <-l.finished:
	case <-time.After(10 * time.Second):
		t.Fatal("the UI loop was never quit")
	}
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Fatalf("quit after %v, before the grace", d)
	}
}

// TestTakeStopHook: once taken, the lifecycle has no stop hook left (Fyne then posts no
// OnStopped event while it closes its queue), and Fyne's own hook is handed back to run.
// It fails when a Fyne upgrade drops the methods the fix relies on.
func TestTakeStopHook(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	lc := a.Lifecycle()
	hooks, ok := lc.(interface{ OnStopped() func() })
	if !ok {
		t.Fatal("the lifecycle has no OnStopped getter")
	}
	fyneHook := hooks.OnStopped()
	hook, err := takeStopHook(lc)
	if err != nil {
		t.Fatal(err)
	}
	if (hook == nil) != (fyneHook == nil) {
		t.Fatalf("Fyne's hook set: %v, handed back: %v", fyneHook != nil, hook != nil)
	}
	if hooks.OnStopped() != nil {
		t.Fatal("a stop hook is left: Fyne would post OnStopped while it closes its queue")
	}
	if hook != nil {
		hook() // runs off any loop without harm
	}
}

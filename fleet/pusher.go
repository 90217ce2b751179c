package fleet

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Exporter sends one Health to a metrics backend. Export must honour ctx: the pusher
// gives each call a deadline.
type Exporter interface {
	Export(ctx context.Context, h Health) error
}

// Target is a named exporter; the name labels its failure counter.
type Target struct {
	Name     string
	Exporter Exporter
}

// PusherOptions configures a Pusher.
type PusherOptions struct {
	Collector *Collector
	Targets   []Target
	// Interval is how often health is collected and pushed.
	Interval time.Duration
	// Timeout bounds each export (default: Interval/2, at most 30s).
	Timeout time.Duration
	// Exports counts failed exports by target name; it should be the collector's
	// Exports, so that the failures are reported with the next push.
	Exports *Counter
	Logger  *slog.Logger
}

// Pusher collects health on a schedule, hands it to its subscribers (the status bar, the
// freeze gate) and pushes it to every target in parallel. A target that fails or hangs
// costs a counter and a log line; it never delays the others, the UI or the worker.
type Pusher struct {
	o PusherOptions

	mu     sync.Mutex
	last   Health
	subs   []func(Health)
	kick   chan struct{}
	failed map[string]bool
}

// NewPusher returns a pusher; call Run to start it.
func NewPusher(o PusherOptions) *Pusher {
	if o.Interval <= 0 {
		o.Interval = time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = min(o.Interval/2, 30*time.Second)
	}
	if o.Exports == nil {
		o.Exports = &Counter{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Pusher{o: o, kick: make(chan struct{}, 1), failed: map[string]bool{}}
}

// Subscribe registers fn to receive each new Health, from the pusher's goroutine; fn must
// not block.
func (p *Pusher) Subscribe(fn func(Health)) {
	p.mu.Lock()
	p.subs = append(p.subs, fn)
	p.mu.Unlock()
}

// Latest returns the last Health collected (zero before the first).
func (p *Pusher) Latest() Health {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// Refresh asks for a collection now instead of at the next tick.
func (p *Pusher) Refresh() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// Run collects and pushes until ctx ends.
func (p *Pusher) Run(ctx context.Context) {
	t := time.NewTicker(p.o.Interval)
	defer t.Stop()
	for {
		p.Push(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.kick:
		}
	}
}

// Push collects once, publishes the Health and pushes it to every target, waiting for
// each at most the export timeout.
func (p *Pusher) Push(ctx context.Context) Health {
	h, err := p.o.Collector.Collect(ctx)
	if err != nil {
		p.o.Logger.WarnContext(ctx, "fleet: health partly unknown", "err", err)
	}
	p.mu.Lock()
	p.last = h
	subs := append([]func(Health){}, p.subs...)
	p.mu.Unlock()
	for _, fn := range subs {
		fn(h)
	}
	var wg sync.WaitGroup
	for _, t := range p.o.Targets {
		wg.Go(func() { p.export(ctx, t, h) })
	}
	wg.Wait()
	return h
}

func (p *Pusher) export(ctx context.Context, t Target, h Health) {
	ctx, cancel := context.WithTimeout(ctx, p.o.Timeout)
	defer cancel()
	err := t.Exporter.Export(ctx, h)
	p.mu.Lock()
	was := p.failed[t.Name]
	p.failed[t.Name] = err != nil
	p.mu.Unlock()
	switch {
	case err != nil:
		p.o.Exports.Add(t.Name)
		if !was { // log the first failure of a run of them, not one a minute
			p.o.Logger.WarnContext(ctx, "fleet: metrics not pushed; counted and tried again at the next push", "exporter", t.Name, "err", err)
		}
	case was:
		p.o.Logger.InfoContext(ctx, "fleet: metrics pushed again", "exporter", t.Name)
	}
}

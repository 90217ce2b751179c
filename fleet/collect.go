package fleet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// Store is what the collector reads from the local queue; *store.DB implements it.
type Store interface {
	Counts() map[store.State]int
	// Index and UnreadableCount read memory only: a health costs no decryption however
	// long the backlog (the app collects one on every change of state).
	Index() []store.Meta
	UnreadableCount() int
	Audit(ctx context.Context, from uint64, fn func(store.AuditEntry) error) error
}

var _ Store = (*store.DB)(nil)

// CollectorOptions is what a Collector reads.
type CollectorOptions struct {
	// Store is the local queue.
	Store Store
	// DataDir is where the queue lives; its file system's free space is reported.
	DataDir string
	// FreeBytes measures free space (paths.FreeBytes).
	FreeBytes func(dir string) (uint64, error)
	// Keys says how the device key is protected; nil reports nothing.
	Keys   KeySource
	Labels Labels
	Info   Info
	// Policy is the freeze rules; a zero Policy never freezes.
	Policy Policy
	// Failures, Exports and Config are the counters reported with the health; nil ones
	// report zeros.
	Failures *Failures
	Exports  *Counter
	Config   *Counter
	// Applied counts the applied remote configurations; nil reports zero.
	Applied func() uint64
	// Now is the clock; nil uses time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Collector builds a Health from the store. It follows the audit log incrementally, so
// the last delivery survives the purge of the enrolments it was about.
type Collector struct {
	o CollectorOptions

	mu           sync.Mutex
	nextSeq      uint64
	lastDelivery time.Time
}

// NewCollector returns a collector over o.
func NewCollector(o CollectorOptions) *Collector {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Failures == nil {
		o.Failures = &Failures{}
	}
	return &Collector{o: o, nextSeq: 1}
}

// Collect reads the store and returns the kiosk's health. A part that cannot be read is
// left at its zero value and reported in the error; the rest is still returned.
func (c *Collector) Collect(ctx context.Context) (Health, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := Health{At: c.o.Now().UTC(), Labels: c.o.Labels, Info: c.o.Info, Failures: c.o.Failures.Snapshot()}
	var errs []error
	if c.o.Exports != nil {
		h.ExportFailures = c.o.Exports.Snapshot()
	}
	if c.o.Config != nil {
		h.ConfigFailures = c.o.Config.Snapshot()
	}
	if c.o.Applied != nil {
		h.ConfigApplied = c.o.Applied()
	}
	if c.o.Store != nil {
		h.Queue = c.o.Store.Counts()
		if err := c.readQueue(ctx, &h); err != nil {
			errs = append(errs, err)
		}
		if err := c.followAudit(ctx); err != nil {
			errs = append(errs, err)
		}
		h.LastDelivery = c.lastDelivery
	}
	if c.o.FreeBytes != nil && c.o.DataDir != "" {
		free, err := c.o.FreeBytes(c.o.DataDir)
		if err != nil {
			errs = append(errs, fmt.Errorf("free disk: %w", err))
		} else {
			h.FreeBytes, h.FreeKnown = free, true
		}
	}
	if c.o.Keys != nil {
		k, err := c.o.Keys.KeyProtection(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("key protection: %w", err))
		}
		h.KeyProtection = k
	}
	h.Freeze = c.o.Policy.Evaluate(h)
	return h, errors.Join(errs...)
}

// readQueue finds the oldest enrolment still to be delivered and counts the unreadable,
// from the store's index.
func (c *Collector) readQueue(ctx context.Context, h *Health) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	h.Unreadable = c.o.Store.UnreadableCount()
	for _, e := range c.o.Store.Index() {
		switch e.State {
		case store.Queued, store.Sending, store.Held, store.Rejected, store.Reconcile:
		default:
			continue
		}
		if !e.Sealed.IsZero() && (h.OldestPending.IsZero() || e.Sealed.Before(h.OldestPending)) {
			h.OldestPending = e.Sealed
		}
	}
	return nil
}

// followAudit reads the audit entries written since the last call and keeps the time of
// the latest delivery.
func (c *Collector) followAudit(ctx context.Context) error {
	err := c.o.Store.Audit(ctx, c.nextSeq, func(e store.AuditEntry) error {
		if (e.Event == store.EventDelivered || e.Event == store.EventConfirmed) && e.Time.After(c.lastDelivery) {
			c.lastDelivery = e.Time
		}
		c.nextSeq = e.Seq + 1
		return nil
	})
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}
